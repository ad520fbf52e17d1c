"""Prometheus metrics of the Rasa server, served at `/metrics` on its own port (prometheus_client).

Rasa 3.6 has no hook into message processing (its pluggy hooks cover the command line, telemetry, the tracker
store's creation and shutdown), so four of its functions are wrapped here, each only observing, never changing a
result:

- `Agent.handle_message` (the lock, then the processor): reply latency per channel, and LockError counts;
- `MessageProcessor._run_prediction_loop` (every action of one user message): the turn, classified by
  `insights.classify` exactly as the insights report does (answered / declined / rephrase / small talk / …),
  counted per channel and kind; assessments started (the form activated) and finished (its result action ran);
- `FailSafeTrackerStore.on_tracker_store_error` / `on_tracker_store_retrieve_error` (Rasa's handlers when the
  tracker store fails, before it falls back to memory): tracker store errors;
- `rasa.core.run.configure_app` (builds the Sanic app of `rasa run`): adds the `GET /metrics` route.

Action errors are counted where the apology is decided (rasa_patches/action_faults.py calls `action_failed`).
`METRICS=off` (or `RASA_PATCHES=off`) leaves all of it out. Why: operators must see turns, latency and failures
without reading logs, with the ecosystem's standard scraper.
"""

from __future__ import annotations

import time
from typing import Any, Dict, Iterable, List

from rasa_patches import _core

WRITTEN_FOR = "3.6.21"
PATH = "/metrics"

_state: Dict[str, Any] = {"metrics": None}


class Metrics:
    """The server's metrics, in their own registry (nothing else of the process is exported)."""

    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter, Histogram

        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.turns = Counter(
            "assistant_turns", "User messages answered, by channel and kind of reply", ["channel", "kind"], registry=r
        )
        self.latency = Histogram(
            "assistant_reply_seconds",
            "Time from receiving a user message to having every reply (lock wait included)",
            ["channel"],
            buckets=(0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 20, 30),
            registry=r,
        )
        self.declined = Counter("assistant_declined", "Questions declined as not covered", ["channel"], registry=r)
        self.fallback = Counter(
            "assistant_fallback", "Messages not understood (the user was asked to rephrase)", ["channel"], registry=r
        )
        self.action_errors = Counter(
            "assistant_action_errors",
            "Custom actions that failed or timed out (the user got the apology)",
            ["action"],
            registry=r,
        )
        self.assessments_started = Counter("assistant_assessments_started", "Assessments started", registry=r)
        self.assessments_finished = Counter("assistant_assessments_finished", "Assessments finished", registry=r)
        self.tracker_store_errors = Counter(
            "assistant_tracker_store_errors", "Tracker store reads or writes that failed", ["operation"], registry=r
        )
        self.lock_errors = Counter("assistant_lock_errors", "Conversation locks that could not be had", registry=r)
        self.message_errors = Counter(
            "assistant_message_errors", "User messages whose handling raised an error", ["channel"], registry=r
        )

    def exposition(self) -> bytes:
        from prometheus_client import generate_latest

        return generate_latest(self.registry)


def get() -> Metrics | None:
    """The installed metrics (None when the patch is off)."""
    return _state["metrics"]


def action_failed(action_name: str) -> None:
    """Called by action_faults when an action's failure is answered with the apology."""
    metrics = get()
    if metrics is not None:
        metrics.action_errors.labels(action=action_name or "unknown").inc()


def turn_events(events: Iterable[Any]) -> List[Any]:
    """The events of the latest user message: everything after the last UserUttered (inclusive)."""
    from rasa.shared.core.events import UserUttered

    found: List[Any] = []
    for event in reversed(list(events)):
        found.append(event)
        if isinstance(event, UserUttered):
            break
    else:
        return []
    return list(reversed(found))


def observe_turn(metrics: Metrics, events: List[Any], patterns: Any) -> None:
    """Counts one turn's kind and the assessment's start and finish."""
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered

    from insights import classify

    if not events or not isinstance(events[0], UserUttered):
        return
    user = events[0]
    channel = user.input_channel or "unknown"
    turn = classify.Turn(
        sender="", timestamp=user.timestamp, text=user.text or "", intent=user.intent_name, channel=channel
    )
    for event in events[1:]:
        if isinstance(event, ActionExecuted) and event.action_name:
            turn.actions.append(event.action_name)
            if event.action_name == "action_assessment_result":
                metrics.assessments_finished.inc()
        elif isinstance(event, BotUttered):
            turn.bots.append({"text": event.text, "metadata": event.metadata or {}})
        elif isinstance(event, SlotSet):
            turn.slots[event.key] = event.value
        elif isinstance(event, ActiveLoop) and event.name == classify.FORM:
            metrics.assessments_started.inc()
    kind = classify.kind_of(turn, patterns)
    metrics.turns.labels(channel=channel, kind=kind).inc()
    if kind == classify.DECLINED:
        metrics.declined.labels(channel=channel).inc()
    elif kind == classify.REPHRASE:
        metrics.fallback.labels(channel=channel).inc()


def apply(settings: Any) -> str:
    if not settings.metrics:
        raise _core.Skip("METRICS=off")
    import rasa.core.run
    from rasa.core.agent import Agent
    from rasa.core.lock_store import LockError
    from rasa.core.processor import MessageProcessor
    from rasa.core.tracker_store import FailSafeTrackerStore
    from sanic import response

    from insights import classify

    metrics = _state["metrics"] or Metrics()
    _state["metrics"] = metrics
    patterns = classify.load_patterns(settings.knowledge_dir)

    rasa_handle_message = _core.original(Agent, "handle_message")

    @_core.wraps(rasa_handle_message)
    async def handle_message(self: Any, message: Any) -> Any:
        channel = getattr(message, "input_channel", None) or "unknown"
        started = time.perf_counter()
        try:
            return await rasa_handle_message(self, message)
        except LockError:
            metrics.lock_errors.inc()
            metrics.message_errors.labels(channel=channel).inc()
            raise
        except Exception:
            metrics.message_errors.labels(channel=channel).inc()
            raise
        finally:
            metrics.latency.labels(channel=channel).observe(time.perf_counter() - started)

    rasa_prediction_loop = _core.original(MessageProcessor, "_run_prediction_loop")

    @_core.wraps(rasa_prediction_loop)
    async def run_prediction_loop(self: Any, output_channel: Any, tracker: Any) -> None:
        try:
            return await rasa_prediction_loop(self, output_channel, tracker)
        finally:
            try:
                observe_turn(metrics, turn_events(tracker.events), patterns)
            except Exception:  # counting must never break a reply
                _core.logger.exception("rasa_patches.metrics: could not count a turn")

    def counting(name: str, operation: str) -> Any:
        rasa_handler = _core.original(FailSafeTrackerStore, name)

        @_core.wraps(rasa_handler)
        def on_error(self: Any, error: Exception) -> None:
            metrics.tracker_store_errors.labels(operation=operation).inc()
            return rasa_handler(self, error)

        return on_error

    rasa_configure_app = _core.original(rasa.core.run, "configure_app")

    @_core.wraps(rasa_configure_app)
    def configure_app(*args: Any, **kwargs: Any) -> Any:
        app = rasa_configure_app(*args, **kwargs)

        async def serve_metrics(_: Any) -> Any:
            from prometheus_client import CONTENT_TYPE_LATEST

            return response.raw(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)

        app.add_route(serve_metrics, PATH, methods=["GET"], name="assistant_metrics")
        return app

    _core.replace(Agent, "handle_message", handle_message)
    _core.replace(MessageProcessor, "_run_prediction_loop", run_prediction_loop)
    _core.replace(FailSafeTrackerStore, "on_tracker_store_error", counting("on_tracker_store_error", "save"))
    _core.replace(
        FailSafeTrackerStore, "on_tracker_store_retrieve_error", counting("on_tracker_store_retrieve_error", "read")
    )
    _core.replace(rasa.core.run, "configure_app", configure_app)
    return f"Prometheus metrics at {PATH} (turns, latency, declines, fallbacks, action/store/lock errors)"
