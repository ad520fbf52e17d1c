"""Never leave a user in silence when the action server is down or slow.

Rasa: `MessageProcessor._run_action` runs the predicted action; when it raises (the action server refused the
connection, answered 500, sent an invalid reply) Rasa logs the exception there, drops the action's events and
goes on: the user gets no answer. The action server is awaited for up to 300 s (hard-coded) before that.

Here, at that same place (the processor's run of an action, not `RemoteAction.run`, whose contract stays Rasa's:
it still raises `RasaException`, `ActionExecutionRejection`, ...):

- an action that fails with any exception other than `ActionExecutionRejection` (which Rasa handles by predicting
  another action, as before) or runs out of time yields the domain response `utter_action_unavailable` (a short
  apology, worded in domain/conversation.yml), at most once per message, and the turn ends there (the bot
  listens); if the action was a form (its validation failed), the unvalidated answer is dropped and the same
  question stays open, so the user simply answers again;
- the custom actions of one message get ACTION_TIMEOUT_SECONDS (default 10) in total, minus a small reserve for
  saving the conversation, counted from the first action; time during which this server's event loop was blocked
  by other work (NLU of other users' messages under load runs synchronously) is not counted (`LoopClock`);
- slot validation run inside `action_extract_slots` is left to Rasa, which catches its failures itself (a warning,
  the extracted slots kept);
- nothing else changes: the next message calls the action server again, so answers resume when it is back.

Why: a user who gets nothing cannot tell a slow server from a lost message; an apology within the limit can.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any, List

from rasa_patches import _core

WRITTEN_FOR = "3.6.21"
APOLOGY_RESPONSE = "utter_action_unavailable"
# Only used if the domain lacks the response above (tests/unit/test_domain.py checks it is there).
FALLBACK_APOLOGY = "Sorry, I can't answer right now. Please try again in a moment."
_TURN_ATTRIBUTE = "_rasa_patches_turn"

logger = logging.getLogger(__name__)
_limit = {"seconds": 10.0}


@dataclass
class Turn:
    """The action-server budget of one user message."""

    message: Any = None
    deadline: float | None = None  # set by the first action of the message
    apologised: bool = False


class LoopClock:
    """Monotonic time minus the time the event loop was blocked (a watcher measures how late its ticks wake up)."""

    TICK = 0.05

    def __init__(self) -> None:
        self.blocked = 0.0
        self.last = time.monotonic()
        self.task: asyncio.Task | None = None

    def now(self) -> float:
        if self.task is None or self.task.done() or self.task.get_loop() is not asyncio.get_running_loop():
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


def budget(limit: float, turn: Turn, now: float) -> float:
    """Seconds an action may take now: what is left of the message's budget (starting it if need be)."""
    if turn.deadline is None:
        turn.deadline = now + limit - reserve(limit)
    return max(turn.deadline - now, 0.0)


def turn_of(tracker: Any) -> Turn:
    """The budget of the message the tracker is handling (a new one when its latest user message changed)."""
    turn = tracker.__dict__.get(_TURN_ATTRIBUTE)
    if turn is None or turn.message is not tracker.latest_message:
        turn = Turn(message=tracker.latest_message)
        tracker.__dict__[_TURN_ATTRIBUTE] = turn
    return turn


def keep_question(action: Any, tracker: Any) -> List[Any]:
    """When a form failed (its validation), forget the unvalidated answer and keep asking the same question."""
    from rasa.core.actions.loops import LoopAction
    from rasa.shared.core.constants import REQUESTED_SLOT
    from rasa.shared.core.events import SlotSet

    requested = tracker.get_slot(REQUESTED_SLOT)
    if not isinstance(action, LoopAction) or not requested or tracker.active_loop_name != action.name():
        return []
    return [SlotSet(requested, None), SlotSet(REQUESTED_SLOT, requested)]


async def apology_events(action: Any, output_channel: Any, nlg: Any, tracker: Any) -> List[Any]:
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
    return [create_bot_utterance(draft), *keep_question(action, tracker), FollowupAction(ACTION_LISTEN_NAME)]


class GuardedAction:
    """The processor's view of an action: the same action, whose `run` ends in an apology instead of raising."""

    def __init__(self, action: Any, turn: Turn) -> None:
        self._action = action
        self._turn = turn

    def __getattr__(self, name: str) -> Any:
        return getattr(self._action, name)

    async def run(self, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Any]:
        from rasa.core.actions.action import ActionExecutionRejection

        seconds = budget(_limit["seconds"], self._turn, clock.now())
        deadline = clock.now() + seconds
        call = asyncio.ensure_future(self._action.run(output_channel, nlg, tracker, domain))
        try:
            while True:
                remaining = deadline - clock.now()
                if remaining <= 0:
                    raise asyncio.TimeoutError
                done, _ = await asyncio.wait({call}, timeout=remaining)
                if done:
                    return call.result()
        except ActionExecutionRejection:
            raise  # Rasa predicts another action
        except asyncio.TimeoutError:
            reason = f"no reply within {seconds:.1f} s (ACTION_TIMEOUT_SECONDS={_limit['seconds']:g})"
        except Exception as error:  # connection refused, HTTP errors, invalid replies: all mean no answer
            reason = f"{type(error).__name__}: {error}"
        finally:
            if not call.done():
                call.cancel()
        logger.error("Action %r failed for %s: %s", self._action.name(), tracker.sender_id, reason)
        from rasa_patches import metrics

        metrics.action_failed(self._action.name())
        if self._turn.apologised:
            return [*keep_question(self._action, tracker)]
        self._turn.apologised = True
        return await apology_events(self._action, output_channel, nlg, tracker)


def apply(settings: Any) -> str:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.actions.loops import LoopAction
    from rasa.core.processor import MessageProcessor

    guarded_kinds = (RemoteAction, LoopAction)

    _limit["seconds"] = settings.action_timeout_s
    rasa_run_action = _core.original(MessageProcessor, "_run_action")

    @_core.wraps(rasa_run_action)
    async def run_action(self: Any, action: Any, tracker: Any, output_channel: Any, nlg: Any, prediction: Any) -> bool:
        """Rasa's `_run_action`; an action that calls the action server (a custom action, or a form, whose
        validation does) is guarded (see the module doc)."""
        if isinstance(action, guarded_kinds):
            action = GuardedAction(action, turn_of(tracker))
        return await rasa_run_action(self, action, tracker, output_channel, nlg, prediction)

    _core.replace(MessageProcessor, "_run_action", run_action)
    return f"a failing or slow action is answered with {APOLOGY_RESPONSE} (at most {_limit['seconds']:g} s a message)"
