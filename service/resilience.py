"""Never leave a user in silence when the action server is down or slow.

Rasa 3.6 waits up to 300 s (hard-coded) for the action server and, when it is down, logs an error and says
nothing. `install()` wraps Rasa's `RemoteAction.run`, inside the Rasa server process, so that:

- the custom actions of one message get ACTION_TIMEOUT_SECONDS (default 10 s) in total, minus a small reserve
  for saving the conversation, counted from the first call to the action server; each call gets what is left;
- the limit is on the action server, not on Rasa itself: time during which this Rasa server's event loop was busy
  with other work (e.g. the NLU of fifty other users' messages under load, which runs synchronously) is not
  counted (`LoopClock`), so heavy load alone never turns answers into apologies;
- an action that fails (connection refused, HTTP error, invalid reply) or runs out of time is turned into the
  domain response `utter_action_unavailable` (a short apology; its wording lives in domain/conversation.yml), at
  most once per message, and the turn ends there (the bot listens again); if it was the assessment form's
  validation, the unvalidated answer is dropped and the same question stays open, so the user simply answers again;
- nothing else changes: the next message calls the action server again, so answers resume as soon as it is back.

The REST channel (channels/rest.py, configured in credentials.yml) calls `install()` when Rasa loads it, so the
wrapper is active in every Rasa server started with this project's credentials, whoever starts it.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import os
import time
from dataclasses import dataclass
from typing import Any, List, Mapping

ACTION_TIMEOUT_ENV = "ACTION_TIMEOUT_SECONDS"
DEFAULT_ACTION_TIMEOUT_S = 10.0
APOLOGY_RESPONSE = "utter_action_unavailable"
# Only used if the domain lacks the response above (tests/unit/test_domain.py checks it is there).
FALLBACK_APOLOGY = "Sorry, I can't answer right now. Please try again in a moment."

logger = logging.getLogger(__name__)


@dataclass
class _Turn:
    deadline: float | None = None  # set by the first call to the action server
    apologised: bool = False


_turn: contextvars.ContextVar[_Turn | None] = contextvars.ContextVar("am_pm_turn", default=None)
_settings = {"timeout": DEFAULT_ACTION_TIMEOUT_S}


def action_timeout(env: Mapping[str, str] = os.environ) -> float:
    """ACTION_TIMEOUT_SECONDS as a positive number of seconds (default 10); raises ValueError otherwise."""
    raw = (env.get(ACTION_TIMEOUT_ENV) or "").strip()
    if not raw:
        return DEFAULT_ACTION_TIMEOUT_S
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 600:
        raise ValueError(f"{ACTION_TIMEOUT_ENV}={raw!r} must be a number of seconds between 0 and 600")
    return value


class LoopClock:
    """Monotonic time minus the time the event loop was blocked (a watcher measures how late its ticks wake up)."""

    TICK = 0.05

    def __init__(self) -> None:
        self.blocked = 0.0
        self.last = time.monotonic()
        self.task: asyncio.Task | None = None

    def now(self) -> float:
        if self.task is None or self.task.done():
            self.last = time.monotonic()
            self.task = asyncio.get_running_loop().create_task(self._watch())
        current = time.monotonic()
        pending = max(0.0, current - self.last - self.TICK)  # a blocked stretch the watcher has not seen yet
        return current - self.blocked - pending

    async def _watch(self) -> None:
        while True:
            self.last = time.monotonic()
            await asyncio.sleep(self.TICK)
            self.blocked += max(0.0, time.monotonic() - self.last - self.TICK)


clock = LoopClock()


def reserve(limit: float) -> float:
    """Time kept back from the action server for NLU before and saving after (a tenth of the limit, at most 1 s)."""
    return min(1.0, limit / 10)


def budget(limit: float, turn: _Turn | None, now: float) -> float:
    """Seconds a remote action may take now: what is left of the message's budget (starting it if need be)."""
    if turn is None:
        return max(limit - reserve(limit), 0.0)
    if turn.deadline is None:
        turn.deadline = now + limit - reserve(limit)
    return max(turn.deadline - now, 0.0)


def keep_question(action_name: str, tracker: Any) -> List[Any]:
    """When a form's validation fails, forget the unvalidated answer and keep asking the same question."""
    from rasa.shared.core.constants import REQUESTED_SLOT
    from rasa.shared.core.events import SlotSet

    requested = tracker.get_slot(REQUESTED_SLOT)
    if not action_name.startswith("validate_") or not requested or not tracker.active_loop_name:
        return []
    return [SlotSet(requested, None), SlotSet(REQUESTED_SLOT, requested)]


async def apology_events(output_channel: Any, nlg: Any, tracker: Any, action_name: str = "") -> List[Any]:
    """The apology as a bot utterance (from the domain response), then listen for the next message."""
    from rasa.core.actions.action import create_bot_utterance
    from rasa.shared.core.constants import ACTION_LISTEN_NAME
    from rasa.shared.core.events import FollowupAction

    try:
        draft = await nlg.generate(APOLOGY_RESPONSE, tracker, output_channel.name())
    except Exception:  # the apology must never fail
        logger.exception("Could not render %s", APOLOGY_RESPONSE)
        draft = None
    if not draft:
        draft = {"text": FALLBACK_APOLOGY}
    draft["utter_action"] = APOLOGY_RESPONSE
    return [create_bot_utterance(draft), *keep_question(action_name, tracker), FollowupAction(ACTION_LISTEN_NAME)]


def install(env: Mapping[str, str] = os.environ) -> None:
    """Wraps RemoteAction.run and MessageProcessor.handle_message (idempotent)."""
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
    from rasa.core.processor import MessageProcessor

    _settings["timeout"] = action_timeout(env)
    if getattr(RemoteAction.run, "_am_pm_guarded", False):
        return
    original_run = RemoteAction.run
    original_handle = MessageProcessor.handle_message

    async def handle_message(self: Any, message: Any) -> Any:
        token = _turn.set(_Turn())
        try:
            return await original_handle(self, message)
        finally:
            _turn.reset(token)

    async def run(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Any]:
        turn = _turn.get()
        seconds = budget(_settings["timeout"], turn, clock.now())
        deadline = clock.now() + seconds
        call = asyncio.ensure_future(original_run(self, output_channel, nlg, tracker, domain))
        try:
            while True:
                remaining = deadline - clock.now()
                if remaining <= 0:
                    raise asyncio.TimeoutError
                done, _ = await asyncio.wait({call}, timeout=remaining)
                if done:
                    return call.result()
        except ActionExecutionRejection:
            raise
        except asyncio.TimeoutError:
            reason = f"no reply within {seconds:.1f} s ({ACTION_TIMEOUT_ENV}={_settings['timeout']:g})"
        except Exception as error:  # connection refused, HTTP errors, invalid replies: all mean no answer
            reason = f"{type(error).__name__}: {error}"
        finally:
            if not call.done():
                call.cancel()
        logger.error("Custom action %r failed for %s: %s", self.name(), tracker.sender_id, reason)
        if turn is not None:
            if turn.apologised:
                return keep_question(self.name(), tracker)
            turn.apologised = True
        return await apology_events(output_channel, nlg, tracker, self.name())

    run._am_pm_guarded = True  # type: ignore[attr-defined]
    RemoteAction.run = run  # type: ignore[method-assign]
    MessageProcessor.handle_message = handle_message  # type: ignore[method-assign]
    logger.info("Custom actions: at most %g s per message, then an apology", _settings["timeout"])
