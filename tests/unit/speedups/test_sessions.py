"""Sessions roll over outside forms only, and carry each slot's current value over."""

import components  # noqa: F401  (applies the speed-ups)
from components.speedups import sessions


def _tracker(user_turns: int, active_loop: str | None = None):
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    events = [SessionStarted(), ActionExecuted("action_listen")]
    for i in range(user_turns):
        events += [
            UserUttered(f"q{i}", {"name": "greet"}),
            ActionExecuted("action_show_menu"),
            ActionExecuted("action_listen"),
        ]
    if active_loop:
        events.append(ActiveLoop(active_loop))
    return DialogueStateTracker.from_events("s", events)


def _processor():
    from types import SimpleNamespace

    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.domain import SessionConfig

    fake = SimpleNamespace(domain=SimpleNamespace(session_config=SessionConfig(60, True)))
    return MessageProcessor._has_session_expired, fake


def test_long_sessions_roll_over_outside_forms():
    expired, processor = _processor()
    assert not expired(processor, _tracker(sessions.ROLLOVER_TURNS - 1))
    assert expired(processor, _tracker(sessions.ROLLOVER_TURNS))
    assert not expired(processor, _tracker(sessions.ROLLOVER_TURNS + 5, active_loop="assessment_form"))


def test_rollover_counts_only_the_latest_session():
    from rasa.shared.core.events import SessionStarted

    tracker = _tracker(sessions.ROLLOVER_TURNS + 3)
    tracker.update(SessionStarted())
    assert sessions.user_turns_in_session(tracker) == 0


def test_session_start_carries_current_slot_values_only():
    import asyncio

    from rasa.core.actions.action import ActionSessionStart
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SessionStarted, SlotSet
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_yaml(
        "version: '3.1'\nslots:\n  role:\n    type: text\n    mappings: [{type: custom}]\n"
        "  topic:\n    type: text\n    mappings: [{type: custom}]\n"
        "session_config: {session_expiration_time: 60, carry_over_slots_to_new_session: true}"
    )
    history = [SlotSet("role", "account_manager"), SlotSet("role", "project_manager"), SlotSet("topic", "salary")]
    tracker = DialogueStateTracker.from_events("s", [SessionStarted()] + history * 50, slots=domain.slots)
    events = asyncio.run(ActionSessionStart().run(None, None, tracker, domain))
    carried = [e for e in events if isinstance(e, SlotSet)]
    assert {(e.key, e.value) for e in carried} == {("role", "project_manager"), ("topic", "salary")}
    assert len(carried) == 2
