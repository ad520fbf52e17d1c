"""The metrics patch: it counts what Rasa did (turn kinds, assessments, store and lock errors, latency) without
changing any result, and serves /metrics on the app `rasa run` builds."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families
from rasa.core.agent import Agent
from rasa.core.lock_store import LockError
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_patches import _core, metrics
from tests.unit.rasa_patches.conftest import run


def value(name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(metrics.get().exposition().decode()):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    return 0.0


def user(text: str, intent: str = "ask_salary") -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": 0.9}, input_channel="slack")


def test_installed_with_the_patches_and_off_with_metrics_off(patched):
    from settings import Settings

    assert "metrics" in patched and metrics.get() is not None
    with pytest.raises(_core.Skip, match="METRICS=off"):
        metrics.apply(Settings.from_env({"METRICS": "off"}))


def test_a_turn_is_counted_by_channel_and_kind_from_the_bot_event_s_metadata():
    before = value("assistant_turns_total", channel="slack", kind="declined")
    declined = value("assistant_declined_total", channel="slack")
    events = [
        ActionExecuted("action_listen"),
        user("what about the UK?"),
        ActionExecuted("action_answer_question"),
        BotUttered("Not covered.", metadata={"answer": {"kind": "declined", "topics": [], "ops": ["not_covered"]}}),
        ActionExecuted("action_listen"),
    ]
    metrics.observe_turn(metrics.get(), metrics.turn_events(events), patterns=metrics_patterns())
    assert value("assistant_turns_total", channel="slack", kind="declined") == before + 1
    assert value("assistant_declined_total", channel="slack") == declined + 1


def metrics_patterns():
    from insights import classify
    from settings import Settings

    return classify.load_patterns(Settings().knowledge_dir)


def test_assessment_starts_and_finishes_are_counted():
    started = value("assistant_assessments_started_total")
    finished = value("assistant_assessments_finished_total")
    metrics.observe_turn(
        metrics.get(),
        [user("quiz", "start_assessment"), ActionExecuted("assessment_form"), ActiveLoop("assessment_form")],
        metrics_patterns(),
    )
    metrics.observe_turn(
        metrics.get(),
        [user("/prefer_account"), ActiveLoop(None), ActionExecuted("action_assessment_result"), SlotSet("x", 1)],
        metrics_patterns(),
    )
    assert value("assistant_assessments_started_total") == started + 1
    assert value("assistant_assessments_finished_total") == finished + 1


def test_the_prediction_loop_is_observed_and_its_result_unchanged():
    from rasa.core.processor import MessageProcessor

    assert MessageProcessor._run_prediction_loop is not _core.original(MessageProcessor, "_run_prediction_loop")
    assert metrics.turn_events([ActionExecuted("action_listen")]) == []


class Broken(InMemoryTrackerStore):
    async def retrieve(self, sender_id):
        raise RuntimeError("database down")

    async def save(self, tracker):
        raise RuntimeError("database down")


def test_tracker_store_errors_are_counted_and_rasa_still_falls_back_to_memory():
    store = FailSafeTrackerStore(Broken(Domain.empty()))
    reads, saves = (
        value("assistant_tracker_store_errors_total", operation="read"),
        value("assistant_tracker_store_errors_total", operation="save"),
    )
    assert run(store.retrieve("someone")) is None
    tracker = DialogueStateTracker("someone", [])
    run(store.save(tracker))  # Rasa's fallback: kept in memory
    assert run(store.fallback_tracker_store.retrieve("someone")) is not None
    assert value("assistant_tracker_store_errors_total", operation="read") == reads + 1
    assert value("assistant_tracker_store_errors_total", operation="save") == saves + 1


def test_lock_errors_and_latency_are_counted_and_the_error_still_raised():
    class Locked:
        def lock(self, sender_id):
            raise LockError("busy")

    agent = Agent.__new__(Agent)
    agent.lock_store = Locked()
    agent.is_ready = lambda: True
    message = type("Message", (), {"sender_id": "s", "input_channel": "rest"})()
    errors, count = value("assistant_lock_errors_total"), value("assistant_reply_seconds_count", channel="rest")
    with pytest.raises(LockError):
        run(agent.handle_message(message))
    assert value("assistant_lock_errors_total") == errors + 1
    assert value("assistant_reply_seconds_count", channel="rest") == count + 1


def test_action_errors_are_counted_per_action():
    before = value("assistant_action_errors_total", action="action_answer_question")
    metrics.action_failed("action_answer_question")
    assert value("assistant_action_errors_total", action="action_answer_question") == before + 1


def test_the_app_rasa_run_builds_serves_metrics():
    import rasa.core.run

    app = rasa.core.run.configure_app(enable_api=False, port=5005, route=None, use_uvloop=False)
    (route,) = [r for r in app.router.routes if "/" + r.path == metrics.PATH]
    response = run(route.handler(None))
    assert response.status == 200 and b"assistant_turns_total" in response.body
    assert response.content_type.startswith("text/plain")
