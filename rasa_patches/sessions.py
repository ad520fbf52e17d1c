"""Opt-in: sessions that roll over after a number of user messages (SESSION_ROLLOVER_USER_TURNS).

This is a behaviour change, not a speed-up; with SESSION_ROLLOVER_USER_TURNS=0 it is not installed and Rasa's
sessions are exactly Rasa's. This project sets 10 (settings.py), for the reason below.

Rasa: a session ends only after `session_expiration_time` minutes without a message (never when it is 0); until
then every turn replays the whole session (policies, tracker store reads, the tracker sent to the action server),
so a turn costs more the longer the conversation: measured ~10x slower by turn 300. At a session start
`ActionSessionStart` carries over every `SlotSet` event of the session's applied events (all of them, in order,
including events for slots the domain does not declare, and those before an `AllSlotsReset`).

Here, only where Rasa's sessions are on (`session_expiration_time` > 0, `carry_over_slots_to_new_session: true`)
and no form is active, `MessageProcessor._has_session_expired` also answers True once the session holds
SESSION_ROLLOVER_USER_TURNS user messages; Rasa then starts a new session as it does on expiry. Two things make
that rollover invisible to the conversation:

- the carried-over slots are, per slot, the last `SlotSet` of the session (key, value and metadata, as Rasa copies
  them, also for slots not in the domain and regardless of `AllSlotsReset`, as Rasa): applied in order, they leave
  every slot exactly as Rasa's full list would, but the carried history no longer grows with every session;
- a rolled-over session does not look like the start of a conversation: before its `action_listen` it records the
  action that ended the previous session (an `ActionExecuted` copy), so rules with `conversation_start: true`
  (whose first state has no previous action) do not fire again. A time-based expiry is Rasa's unchanged.

Why: flat per-turn cost in long conversations (turn 300 as fast as turn 10) without losing the context of
follow-up questions (slots carry over).
"""

from __future__ import annotations

import contextvars
from typing import Any, List

from rasa_patches import _core

WRITTEN_FOR = "3.6.21"
_turns = {"rollover": 0}
# Set by the expiry check when it decided a rollover (not Rasa's time-based expiry), read by the session start that
# follows it in the same task: (conversation, its last event then, the action that ended the previous session).
_rolling_over: contextvars.ContextVar[tuple | None] = contextvars.ContextVar("rasa_patches_rollover", default=None)


def rollover_marker(tracker: Any) -> str | None:
    """The previous session's last action if this session start follows a rollover decided for this tracker."""
    marked = _rolling_over.get()
    if marked is None or marked[0] != tracker.sender_id:
        return None
    recent = list(tracker.events)[-3:]  # Rasa may add the session-start metadata slot after the check
    return marked[2] if any(event is marked[1] for event in recent) else None


def user_turns_in_session(tracker: Any) -> int:
    """User messages since the latest session start (applied_events() begins there)."""
    from rasa.shared.core.events import UserUttered

    return sum(isinstance(event, UserUttered) for event in tracker.applied_events())


def last_action(tracker: Any) -> str | None:
    """The last action of the session other than action_listen (what the conversation's next state follows)."""
    from rasa.shared.core.constants import ACTION_LISTEN_NAME
    from rasa.shared.core.events import ActionExecuted

    for event in reversed(tracker.applied_events()):
        if isinstance(event, ActionExecuted) and event.action_name and event.action_name != ACTION_LISTEN_NAME:
            return event.action_name
    return None


def rollover_due(session_config: Any, tracker: Any, turns: int) -> bool:
    """A rollover applies: Rasa's sessions are on, slots carry over, no form is active, the session is long."""
    if turns <= 0 or not session_config.are_sessions_enabled() or not session_config.carry_over_slots:
        return False
    if tracker.active_loop_name:
        return False
    return user_turns_in_session(tracker) >= turns


def last_slot_sets(tracker: Any) -> List[Any]:
    """Per slot key, the last SlotSet of the session's applied events (Rasa's carried list, folded)."""
    from rasa.shared.core.events import SlotSet

    last: dict = {}
    for event in tracker.applied_events():
        if isinstance(event, SlotSet):
            last.pop(event.key, None)  # keep the order of each key's last occurrence
            last[event.key] = event
    return [SlotSet(key=event.key, value=event.value, metadata=event.metadata) for event in last.values()]


def apply(settings: Any) -> str:
    from rasa.core.actions.action import ActionSessionStart
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.constants import ACTION_LISTEN_NAME
    from rasa.shared.core.events import ActionExecuted, SlotSet

    turns = settings.session_rollover_user_turns
    if turns <= 0:
        raise _core.Skip("SESSION_ROLLOVER_USER_TURNS=0: Rasa's own sessions")
    _turns["rollover"] = turns
    rasa_expired = _core.original(MessageProcessor, "_has_session_expired")
    rasa_session_start = _core.original(ActionSessionStart, "run")
    rasa_slot_sets = _core.original(ActionSessionStart, "_slot_set_events_from_tracker")

    @_core.wraps(rasa_expired)
    def has_session_expired(self: Any, tracker: Any) -> bool:
        """Rasa's time-based expiry, or a rollover (see the module doc)."""
        _rolling_over.set(None)
        if rasa_expired(self, tracker):
            return True
        if rollover_due(self.domain.session_config, tracker, _turns["rollover"]):
            last_event = tracker.events[-1] if tracker.events else None
            _rolling_over.set((tracker.sender_id, last_event, last_action(tracker) or ACTION_LISTEN_NAME))
            return True
        return False

    @_core.wraps(rasa_slot_sets)
    def slot_set_events_from_tracker(tracker: Any) -> List[SlotSet]:
        """Rasa's carried-over SlotSets, one per slot (the last), in the order of their last occurrence."""
        return last_slot_sets(tracker)

    @_core.wraps(rasa_session_start)
    async def session_start(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Any]:
        """Rasa's session start; after a rollover, the previous session's last action before action_listen."""
        events = await rasa_session_start(self, output_channel, nlg, tracker, domain)
        previous = rollover_marker(tracker)
        if previous is not None:
            _rolling_over.set(None)
            at = len(events) - 1 if events and isinstance(events[-1], ActionExecuted) else len(events)
            events.insert(at, ActionExecuted(previous))
        return events

    _core.replace(MessageProcessor, "_has_session_expired", has_session_expired)
    _core.replace(ActionSessionStart, "_slot_set_events_from_tracker", slot_set_events_from_tracker, static=True)
    _core.replace(ActionSessionStart, "run", session_start)
    return f"sessions roll over after {turns} user messages outside forms (SESSION_ROLLOVER_USER_TURNS), slots kept"
