"""The lean SQL tracker store reads and writes exactly what Rasa's own SQLTrackerStore does, on the same table."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered

from rasa_patches.tracker_store import LeanSQLTrackerStore

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet, ask_salary]
slots:
  role:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
"""
)


def run(coroutine):
    return asyncio.new_event_loop().run_until_complete(coroutine)


def test_the_plugin_hands_out_the_lean_store_for_rasas_sql_type(tmp_path):
    from rasa.core.tracker_store import TrackerStore
    from rasa.utils.endpoints import EndpointConfig

    config = EndpointConfig(type="sql", dialect="sqlite", db=str(tmp_path / "x.db"))
    assert type(TrackerStore.create(config, DOMAIN)) is LeanSQLTrackerStore


def turn(text: str, intent: str, at: float) -> list:
    return [
        UserUttered(text, {"name": intent, "confidence": 0.9}, timestamp=at),
        SlotSet("role", "account_manager", timestamp=at + 0.1),
        ActionExecuted("action_answer_question", timestamp=at + 0.2),
        BotUttered("An answer", timestamp=at + 0.3),
        ActionExecuted("action_listen", timestamp=at + 0.4),
    ]


def conversation(store, sender: str) -> None:
    """Two sessions of two turns each, read back and saved after every turn, as the Rasa server does."""
    tracker = run(store.get_or_create_tracker(sender))
    start = 1000.0
    for session in range(2):
        if session:
            tracker = run(store.retrieve(sender))
            tracker.update(ActionExecuted("action_session_start", timestamp=start))
        tracker.update(SessionStarted(timestamp=start + 0.5))
        tracker.update(ActionExecuted("action_listen", timestamp=start + 0.6))
        run(store.save(tracker))
        for step in range(2):
            tracker = run(store.retrieve(sender))
            for event in turn(f"message {session}.{step}", "ask_salary", start + 1 + step):
                tracker.update(event)
            run(store.save(tracker))
        start += 100


def rows(path, sender: str) -> list:
    with sqlite3.connect(path) as db:
        query = "SELECT type_name, timestamp, intent_name, action_name, data FROM events WHERE sender_id=? ORDER BY id"
        return db.execute(query, (sender,)).fetchall()


@pytest.fixture
def stores(tmp_path):
    path = tmp_path / "conversations.db"
    return (
        path,
        SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(path)),
        LeanSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(path)),
    )


def test_writes_the_rows_rasa_writes(stores):
    path, rasa_store, lean_store = stores
    conversation(rasa_store, "by-rasa")
    conversation(lean_store, "lean")
    written = rows(path, "lean")
    assert len(written) > 20  # every event of both sessions, none twice
    theirs = rows(path, "by-rasa")
    assert written[0][::3] == theirs[0][::3]  # the first action_listen: same type and action, stamped "now"
    assert written[1:] == theirs[1:]


def test_reads_what_rasa_reads(stores):
    path, rasa_store, lean_store = stores
    conversation(rasa_store, "someone")
    for reader in ("retrieve", "retrieve_full_tracker"):
        theirs = run(getattr(rasa_store, reader)("someone"))
        ours = run(getattr(lean_store, reader)("someone"))
        assert list(ours.events) == list(theirs.events)
        assert ours.get_slot("role") == "account_manager"
    latest = run(lean_store.retrieve("someone"))
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["message 1.0", "message 1.1"]


def test_unknown_conversation_is_none(stores):
    _, _, lean_store = stores
    assert run(lean_store.retrieve("nobody")) is None


def test_a_tracker_it_did_not_read_is_saved_without_duplicates(stores):
    path, _, lean_store = stores
    conversation(lean_store, "someone")
    stored = len(rows(path, "someone"))
    # A tracker rebuilt elsewhere (e.g. Rasa's HTTP API) carries no stored count: Rasa's own count is used.
    rebuilt = run(lean_store.retrieve("someone"))
    rebuilt = type(rebuilt).from_dict("someone", [e.as_dict() for e in rebuilt.events], DOMAIN.slots)
    rebuilt.update(UserUttered("one more", {"name": "greet"}, timestamp=5000.0))
    run(lean_store.save(rebuilt))
    assert len(rows(path, "someone")) == stored + 1


@pytest.mark.parametrize("odd", ["hi \ud83d", float("nan"), float("inf")], ids=["lone surrogate", "NaN", "inf"])
def test_reads_every_row_rasa_writes(stores, odd):
    """Rasa writes rows with json.dumps, which writes lone surrogates as escapes and NaN/inf as tokens that orjson
    refuses: such a conversation must still load, or every later turn of it fails."""
    path, rasa_store, lean_store = stores
    tracker = run(rasa_store.get_or_create_tracker("odd"))
    tracker.update(UserUttered("hi", {"name": "greet"}, metadata={"note": odd}, timestamp=1.0))
    run(rasa_store.save(tracker))
    read = run(lean_store.retrieve("odd"))
    note = read.events[-1].metadata["note"]
    assert note == odd or (odd != odd and note != note)  # NaN is not equal to itself
    read.update(ActionExecuted("action_listen", timestamp=2.0))
    run(lean_store.save(read))
    assert len(rows(path, "odd")) == len(read.events)


@pytest.mark.parametrize("db", ["", ":memory:"])
def test_an_in_memory_database_keeps_its_tables(db):
    """`sqlite:///` (Rasa's tests, quick trials): one database per connection, so its engine must not be replaced."""
    store = LeanSQLTrackerStore(DOMAIN, dialect="sqlite", db=db)
    conversation(store, "someone")
    assert [e.text for e in run(store.retrieve("someone")).events if isinstance(e, UserUttered)] == [
        "message 1.0",
        "message 1.1",
    ]
