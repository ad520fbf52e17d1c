"""The path the answering engine's reply kind takes, with the real libraries: rasa_sdk's `utter_message(answer=…)`
-> Rasa's RemoteAction -> the BotUttered event's `metadata.answer` -> Rasa's SQL tracker store -> the report."""

from __future__ import annotations

import asyncio

from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk.executor import CollectingDispatcher

from insights import report
from insights.store import Store
from settings import Settings

DOMAIN = Domain.from_yaml('version: "3.1"\nresponses:\n  utter_no_problem:\n  - text: "No problem!"\n')


def test_a_kind_written_by_the_action_server_reaches_the_report(tmp_path):
    dispatcher = CollectingDispatcher()
    declined = {"kind": "declined", "topics": ["salary"], "ops": ["not_covered"]}
    dispatcher.utter_message(text="The article doesn't cover the UK.", buttons=[], answer=declined)
    dispatcher.utter_message(response="utter_no_problem", answer={"kind": "small_talk", "topics": []})
    tracker = DialogueStateTracker.from_events("p1", [ActionExecuted("action_listen")])
    tracker.update(UserUttered("pay in the UK?", {"name": "ask_salary", "confidence": 0.9}, input_channel="rest"))
    tracker.update(ActionExecuted("action_answer_question"))
    nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    bots = asyncio.run(RemoteAction._utter_responses(dispatcher.messages, CollectingOutputChannel(), nlg, tracker))
    assert bots[0].metadata["answer"] == declined  # what insights read
    assert bots[1].metadata["answer"]["kind"] == "small_talk" and bots[1].metadata["utter_action"] == "utter_no_problem"
    for bot in bots:
        tracker.update(bot)

    path = tmp_path / "store.db"
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(path))
    asyncio.run(store.save(tracker))
    reader = Store.open(Settings.from_env({"SQLITE_PATH": str(path)}))
    try:
        built = report.build(reader, report.period(days=2), Settings().knowledge_dir)
    finally:
        reader.close()
    assert dict(built.kinds) == {"declined": 1} and dict(built.topics) == {"salary": 1}
    assert built.questions[0].text == "pay in the UK?" and "doesn't cover" in built.questions[0].reply
