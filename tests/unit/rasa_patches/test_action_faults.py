"""Action-server faults: the apology is given where Rasa catches the failure (the processor), RemoteAction.run
keeps Rasa's contract, slot validation inside action_extract_slots is left to Rasa, and the time budget."""

import logging

import pytest
import yaml
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, FollowupAction, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

from rasa_patches import action_faults
from settings import ROOT, ConfigError, Settings
from tests.unit.rasa_patches.conftest import run

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet]
slots:
  role:
    type: text
    influence_conversation: false
    mappings: [{type: from_text}]
  q1:
    type: text
    mappings: [{type: from_text, conditions: [{active_loop: assessment_form, requested_slot: q1}]}]
actions: [action_answer, validate_assessment_form]
forms:
  assessment_form:
    required_slots: [q1]
responses:
  utter_action_unavailable:
  - text: "Sorry, the answers are unavailable."
"""
)


def _tracker(*events):
    return DialogueStateTracker.from_events("someone", [ActionExecuted("action_listen"), *events], DOMAIN.slots)


def _run(action, tracker):
    return run(
        action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(DOMAIN.responses), tracker, DOMAIN)
    )


def test_the_apology_is_a_domain_response():
    responses = yaml.safe_load((ROOT / "domain" / "conversation.yml").read_text())["responses"]
    text = responses[action_faults.APOLOGY_RESPONSE][0]["text"]
    assert text.startswith("Sorry") and len(text) < 120


def test_remote_action_still_raises_as_rasa_promises(closed_port):
    """Callers of RemoteAction.run (Rasa's own code and tests among them) still get Rasa's exceptions."""
    tracker = _tracker(UserUttered("hi", {"name": "greet"}))
    with pytest.raises(RasaException):
        _run(RemoteAction("action_answer", None), tracker)
    with pytest.raises(RasaException):
        _run(RemoteAction("action_answer", EndpointConfig(f"http://127.0.0.1:{closed_port}/webhook")), tracker)


def test_the_processor_gets_an_apology_once_per_message(closed_port):
    action = RemoteAction("action_answer", EndpointConfig(f"http://127.0.0.1:{closed_port}/webhook"))
    tracker = _tracker(UserUttered("hi", {"name": "greet"}))
    turn = action_faults.turn_of(tracker)
    events = _run(action_faults.GuardedAction(action, turn), tracker)
    assert [type(e) for e in events] == [BotUttered, FollowupAction]
    assert events[0].text == "Sorry, the answers are unavailable."
    assert _run(action_faults.GuardedAction(action, action_faults.turn_of(tracker)), tracker) == []  # said once
    tracker.update(UserUttered("again", {"name": "greet"}))
    assert action_faults.turn_of(tracker) is not turn  # the next message has its own budget and apology


def test_a_rejection_is_still_rasas_to_handle():
    class Rejecting(RemoteAction):
        async def run(self, *args):
            raise ActionExecutionRejection("action_answer")

    tracker = _tracker(UserUttered("hi", {"name": "greet"}))
    with pytest.raises(ActionExecutionRejection):
        _run(action_faults.GuardedAction(Rejecting("action_answer", None), action_faults.turn_of(tracker)), tracker)


def test_a_failed_form_validation_keeps_the_question_open(closed_port):
    from rasa.core.actions.forms import FormAction

    form = FormAction("assessment_form", EndpointConfig(f"http://127.0.0.1:{closed_port}/webhook"))
    tracker = _tracker(SlotSet("requested_slot", "q1"), UserUttered("I like clients", {"name": "greet"}))
    tracker.update(ActionExecuted("assessment_form"))
    from rasa.shared.core.events import ActiveLoop

    tracker.update(ActiveLoop("assessment_form"))
    events = _run(action_faults.GuardedAction(form, action_faults.turn_of(tracker)), tracker)
    assert SlotSet("q1", None) in events and SlotSet("requested_slot", "q1") in events
    assert isinstance(events[0], BotUttered) and isinstance(events[-1], FollowupAction)


def test_slot_validation_failures_inside_action_extract_slots_are_rasas(closed_port, caplog):
    """Rasa's ActionExtractSlots catches a failing custom slot action itself (a warning, the other slots kept):
    no apology there, and nothing the processor would drop."""
    from rasa.core.actions.action import ActionExtractSlots

    domain = Domain.from_yaml(
        """
version: "3.1"
slots:
  role:
    type: text
    influence_conversation: false
    mappings: [{type: from_text}]
  score:
    type: float
    influence_conversation: false
    mappings: [{type: custom, action: action_score}]
actions: [action_score]
"""
    )
    tracker = DialogueStateTracker.from_events("someone", [UserUttered("account manager")], domain.slots)
    extract = ActionExtractSlots(EndpointConfig(f"http://127.0.0.1:{closed_port}/webhook"))
    with caplog.at_level(logging.WARNING):
        events = run(extract.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}), tracker, domain))
    assert events == [SlotSet("role", "account manager")]
    assert any("failed to fill slots with custom mappings" in message for message in caplog.messages)


def test_action_timeout_setting():
    assert Settings.from_env({}).action_timeout_s == 10
    assert Settings.from_env({"ACTION_TIMEOUT_SECONDS": "2.5"}).action_timeout_s == 2.5
    for bad in ("0", "-1", "soon", "601"):
        with pytest.raises(ConfigError):
            Settings.from_env({"ACTION_TIMEOUT_SECONDS": bad})


def test_one_budget_per_message_counted_from_the_first_action_call():
    turn = action_faults.Turn()
    assert action_faults.budget(10, turn, now=100.0) == 9.0  # 1 s kept for saving the conversation
    assert action_faults.budget(10, turn, now=104.0) == 5.0
    assert action_faults.budget(10, turn, now=120.0) == 0.0
    assert action_faults.budget(2, action_faults.Turn(), now=0.0) == pytest.approx(1.8)


def test_loop_clock_does_not_count_a_blocked_event_loop():
    import asyncio
    import time

    async def scenario():
        clock = action_faults.LoopClock()
        start = clock.now()
        await asyncio.sleep(0.2)
        idle = clock.now() - start
        start = clock.now()
        time.sleep(0.5)  # other work hogging the loop
        await asyncio.sleep(0.1)
        return idle, clock.now() - start

    idle, busy = asyncio.run(scenario())
    assert 0.15 < idle < 0.35 and busy < 0.3
