"""Opt-in session rollover: Rasa's sessions where it does not apply, slots carried over as Rasa carries them, and a
rolled-over session that does not look like the start of a conversation."""

from types import SimpleNamespace

import pytest
from rasa.core.actions.action import ActionSessionStart
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain, SessionConfig
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_patches import _core, sessions
from tests.unit.rasa_patches.conftest import run

TURNS = 10  # the project's default SESSION_ROLLOVER_USER_TURNS (installed by the conftest)
DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet, ask]
slots:
  role:
    type: text
    mappings: [{type: custom}]
  topic:
    type: text
    mappings: [{type: custom}]
responses:
  utter_greet: [{text: "Hello!"}]
  utter_answer: [{text: "An answer."}]
session_config: {session_expiration_time: 60, carry_over_slots_to_new_session: true}
"""
)


def _tracker(user_turns: int, active_loop: str | None = None, slots=DOMAIN.slots) -> DialogueStateTracker:
    events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    for i in range(user_turns):
        events += [
            UserUttered(f"q{i}", {"name": "ask"}),
            ActionExecuted("utter_answer"),
            ActionExecuted("action_listen"),
        ]
    if active_loop:
        events.append(ActiveLoop(active_loop))
    return DialogueStateTracker.from_events("s", events, slots)


def _processor(expiration: float = 60, carry_over: bool = True):
    return SimpleNamespace(domain=SimpleNamespace(session_config=SessionConfig(expiration, carry_over)))


def test_long_sessions_roll_over_outside_forms():
    expired = MessageProcessor._has_session_expired
    assert not expired(_processor(), _tracker(TURNS - 1))
    assert expired(_processor(), _tracker(TURNS))
    assert not expired(_processor(), _tracker(TURNS + 5, active_loop="assessment_form"))


def test_sessions_switched_off_in_the_domain_never_end():
    """`session_expiration_time: 0` means one session forever, in Rasa; a rollover must not start others."""
    assert not MessageProcessor._has_session_expired(_processor(expiration=0), _tracker(TURNS + 5))
    assert not MessageProcessor._has_session_expired(_processor(carry_over=False), _tracker(TURNS + 5))


def test_rollover_counts_only_the_latest_session():
    tracker = _tracker(TURNS + 3)
    tracker.update(SessionStarted())
    assert sessions.user_turns_in_session(tracker) == 0


def _slots_after_session_start(carried) -> dict:
    tracker = DialogueStateTracker.from_events("s", [SessionStarted(), *carried], DOMAIN.slots)
    return {name: slot.value for name, slot in tracker.slots.items()}


def test_carried_slots_end_as_rasas_including_unknown_slots_and_resets():
    history = [
        SlotSet("role", "account_manager"),
        SlotSet("not_in_domain", "kept by Rasa"),
        SlotSet("topic", "salary"),
        AllSlotsReset(),
        SlotSet("role", "project_manager"),
    ] * 20
    tracker = DialogueStateTracker.from_events("s", [SessionStarted(), *history], DOMAIN.slots)
    ours = ActionSessionStart._slot_set_events_from_tracker(tracker)
    rasas = _core.original(ActionSessionStart, "_slot_set_events_from_tracker")(tracker)
    assert len(ours) == 3 < len(rasas)  # one per slot instead of the whole history
    assert {e.key for e in ours} == {e.key for e in rasas} == {"role", "not_in_domain", "topic"}
    assert _slots_after_session_start(ours) == _slots_after_session_start(rasas)
    assert _slots_after_session_start(ours)["topic"] == "salary"  # restored after the reset, as Rasa does


def _trained_rule_policy(domain: Domain, storage_path):
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.core.generator import TrainingDataGenerator
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
    from rasa.shared.core.training_data.structures import StoryGraph

    rules = """
rules:
- rule: greet at the start of a conversation only
  conversation_start: true
  steps:
  - intent: greet
  - action: utter_greet
- rule: answer
  steps:
  - intent: ask
  - action: utter_answer
"""
    steps = YAMLStoryReader(domain).read_from_string(rules)
    trackers = TrainingDataGenerator(StoryGraph(steps), domain, augmentation_factor=0).generate()
    storage = LocalModelStorage(storage_path)
    policy = RulePolicy.create(
        {**RulePolicy.get_default_config(), "enable_fallback_prediction": False},
        storage,
        Resource("rules"),
        ExecutionContext(GraphSchema({}), "rules"),
    )
    policy.train(trackers, domain)
    return policy


def _predicts(policy, domain: Domain, tracker: DialogueStateTracker) -> str | None:
    prediction = policy.predict_action_probabilities(tracker, domain)
    best = max(range(len(prediction.probabilities)), key=prediction.probabilities.__getitem__)
    return domain.action_names_or_texts[best] if prediction.max_confidence > 0 else None


@pytest.fixture(scope="module")
def rule_policy(tmp_path_factory):
    return _trained_rule_policy(DOMAIN, tmp_path_factory.mktemp("rules"))


def test_conversation_start_rules_do_not_fire_again_after_a_rollover(rule_policy):
    fresh = DialogueStateTracker.from_events(
        "s", [SessionStarted(), ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet"})], DOMAIN.slots
    )
    assert _predicts(rule_policy, DOMAIN, fresh) == "utter_greet"  # the rule works at a real start

    tracker = _tracker(TURNS)
    assert MessageProcessor._has_session_expired(_processor(), tracker)  # a rollover, not a time-out
    started = run(ActionSessionStart().run(None, None, tracker, DOMAIN))
    tracker.update(ActionExecuted("action_session_start"))
    for event in [*started, UserUttered("hi again", {"name": "greet"})]:
        tracker.update(event)
    assert _predicts(rule_policy, DOMAIN, tracker) != "utter_greet"
    assert [e.action_name for e in started if isinstance(e, ActionExecuted)] == ["utter_answer", "action_listen"]


def test_a_time_based_session_start_is_rasas(rule_policy):
    tracker = _tracker(2)
    assert not MessageProcessor._has_session_expired(_processor(), tracker)
    started = run(ActionSessionStart().run(None, None, tracker, DOMAIN))
    assert [type(e) for e in started] == [SessionStarted, ActionExecuted]
