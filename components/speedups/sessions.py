"""Bounded sessions.

- When a session starts, Rasa carries over every SlotSet event of the previous session, so the carried-over history
  itself grows with each session; carrying over each slot's current value yields the same state.
- Every turn, Rasa's policies replay the whole session, and the tracker store and action server read and send all
  of it, so a turn costs more the longer the conversation (measured: ~10x slower by turn 300). Sessions are
  therefore rolled over after a number of user messages (components/tuning.yml), with slots carried over.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from rasa.core.actions.action import ActionSessionStart
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker


def slot_values_to_carry_over(tracker: DialogueStateTracker) -> list[SlotSet]:
    """One SlotSet per slot that has been given a value, instead of the previous session's whole slot history."""
    return [SlotSet(key=name, value=slot.value) for name, slot in tracker.slots.items() if slot.has_been_set]


ActionSessionStart._slot_set_events_from_tracker = staticmethod(slot_values_to_carry_over)

TUNING = yaml.safe_load((Path(__file__).parent.parent / "tuning.yml").read_text())
ROLLOVER_TURNS = int(TUNING["session_rollover_user_turns"])
_has_session_expired = MessageProcessor._has_session_expired


def user_turns_in_session(tracker: DialogueStateTracker) -> int:
    """User messages since the latest session start (applied_events() begins there)."""
    return sum(isinstance(event, UserUttered) for event in tracker.applied_events())


def has_session_expired(self: MessageProcessor, tracker: DialogueStateTracker) -> bool:
    """Rasa's time-based expiry, or a long session outside any form: start a new session, carrying slots over."""
    if _has_session_expired(self, tracker):
        return True
    if not self.domain.session_config.carry_over_slots or tracker.active_loop_name:
        return False
    return user_turns_in_session(tracker) >= ROLLOVER_TURNS


MessageProcessor._has_session_expired = has_session_expired
