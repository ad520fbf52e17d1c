"""Event classes, applied events, prior trackers and slot copies are exactly Rasa's."""

import pytest
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_patches import _core, trackers

rasa_resolve = _core.original(Event, "resolve_by_type")
rasa_applied_events = _core.original(DialogueStateTracker, "applied_events")
rasa_prior_trackers = _core.original(DialogueStateTracker, "generate_all_prior_trackers")


def test_event_lookup_matches_rasas_for_every_event_type():
    from rasa.shared.utils.common import all_subclasses

    for cls in all_subclasses(Event):
        assert Event.resolve_by_type(cls.type_name) is rasa_resolve(cls.type_name)
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")


def test_applied_events_follow_every_change_of_the_tracker():
    from rasa.shared.core.events import (
        ActionExecuted,
        ActionExecutionRejected,
        ActionReverted,
        ActiveLoop,
        Restarted,
        SessionStarted,
        SlotSet,
        UserUtteranceReverted,
        UserUttered,
    )

    steps = [
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("take the quiz", {"name": "start_assessment"}),
        ActionExecuted("assessment_form"),
        ActiveLoop("assessment_form"),
        SlotSet("requested_slot", "q1"),
        ActionExecuted("action_listen"),
        UserUttered("why?", {"name": "why"}),
        ActionExecutionRejected("assessment_form"),
        ActionExecuted("action_assessment_why"),
        ActionExecuted("assessment_form"),
        ActionExecuted("action_listen"),
        UserUttered("oops", {"name": "greet"}),
        UserUtteranceReverted(),
        ActionExecuted("assessment_form"),
        ActionReverted(),
        ActiveLoop(None),
        Restarted(),
        ActionExecuted("action_listen"),
    ]
    tracker = DialogueStateTracker("someone", [])
    for event in steps:
        tracker.update(event)
        ours = tracker.applied_events()
        assert ours == rasa_applied_events(tracker)
        ours.append("changed by a caller")  # must not leak into the next answer
        assert tracker.applied_events() == rasa_applied_events(tracker)
    copy = tracker.copy()
    copy.update(UserUttered("hi", {"name": "greet"}))
    assert copy.applied_events() == rasa_applied_events(copy) != tracker.applied_events()


def _prior_states(generator, tracker) -> list:
    return [(prior.current_state(), hidden) for prior, hidden in generator(tracker)]


def test_prior_trackers_are_rasas():
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, SessionStarted, SlotSet, UserUttered

    events = [SessionStarted(), ActionExecuted("action_listen")]
    for turn in range(4):
        events += [
            UserUttered(f"answer {turn}", {"name": "prefer_account"}),
            ActionExecuted("assessment_form", hide_rule_turn=turn % 2 == 0),
            ActiveLoop("assessment_form"),
            SlotSet("requested_slot", f"q{turn}"),
            ActionExecuted("action_listen"),
        ]
    events += [UserUttered("thanks", {"name": "thank"}), ActionExecuted("utter_welcome", hide_rule_turn=True)]
    tracker = DialogueStateTracker.from_events("someone", events)
    ours = _prior_states(DialogueStateTracker.generate_all_prior_trackers, tracker)
    assert len(ours) > 3 and any(hidden for _, hidden in ours)  # the form's repeats are folded, as Rasa does
    assert ours == _prior_states(rasa_prior_trackers, tracker)


def test_slots_copy_as_copy_copy_did():
    import copy

    from rasa.shared.core.slots import AnySlot, BooleanSlot, CategoricalSlot, FloatSlot, ListSlot, Slot, TextSlot

    slots = [
        TextSlot("role", [{"type": "custom"}], initial_value="account_manager"),
        BooleanSlot("confirm_stop", [{"type": "custom"}], initial_value=False),
        FloatSlot("score", [{"type": "custom"}], max_value=5.0),
        CategoricalSlot("q", [{"type": "custom"}], values=["account_manager", "project_manager"]),
        ListSlot("answers", [{"type": "custom"}]),
        AnySlot("metadata", [{"type": "custom"}]),
    ]
    for slot in slots:
        slot.value = slot.initial_value
        copied = copy.copy(slot)
        assert trackers.copy_slot is type(slot).__copy__
        del Slot.__copy__  # copy.copy's generic path, as without the patch
        try:
            generic = copy.copy(slot)
        finally:
            Slot.__copy__ = trackers.copy_slot
        assert type(copied) is type(generic) is type(slot) and copied is not slot
        assert copied.__dict__ == generic.__dict__ == slot.__dict__
        copied.value = "changed"
        assert slot.value != "changed"  # an independent slot, sharing only the attribute values
