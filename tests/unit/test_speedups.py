"""The cached action-response validation accepts and rejects exactly what Rasa's own does."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import components  # noqa: F401  (applies the patch)

GOOD = {"events": [{"event": "slot", "name": "role", "value": "x"}], "responses": [{"text": "hi"}]}
CANDIDATES = [
    GOOD,
    {},
    {"events": "not a list"},
    {"events": [], "responses": "nope"},
    {"events": [{"event": 5}]},
    {"events": [{"no_event_key": 1}]},
    {"responses": [{"text": 5}], "events": []},
    {"events": [{"event": "slot", "name": "role", "value": "x"}, {"event": "followup", "name": "action_x"}]},
    {"events": [{"event": "slot", "name": 5, "value": "x"}]},
    {"events": [{"event": "followup"}]},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "user", "text": "hi", "parse_data": {"intent": {"name": 3}}}]},
    {"events": [{"event": "action", "name": "action_listen", "timestamp": "later"}]},
]


def test_patched_validation_is_installed():
    assert RemoteAction._validate_action_result.__module__ == "components.speedups"


def _verdict(check, result):
    try:
        check(result)
        return "valid"
    except jsonschema.ValidationError as error:
        return error.message


def test_same_verdicts_as_jsonschema_validate():
    action = RemoteAction("action_x", None)
    schema = RemoteAction.action_response_format_spec()
    verdicts = []
    for result in CANDIDATES:
        original = _verdict(lambda r: jsonschema.validate(r, schema), result)
        patched = _verdict(action._validate_action_result, result)
        assert patched == "valid" if original == "valid" else patched.startswith(original), result
        verdicts.append(original == "valid")
    assert True in verdicts and False in verdicts  # the candidates exercise both outcomes


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
    from components import speedups

    expired, processor = _processor()
    assert not expired(processor, _tracker(speedups.ROLLOVER_TURNS - 1))
    assert expired(processor, _tracker(speedups.ROLLOVER_TURNS))
    assert not expired(processor, _tracker(speedups.ROLLOVER_TURNS + 5, active_loop="assessment_form"))


def test_rollover_counts_only_the_latest_session():
    from rasa.shared.core.events import SessionStarted

    from components import speedups

    tracker = _tracker(speedups.ROLLOVER_TURNS + 3)
    tracker.update(SessionStarted())
    assert speedups.user_turns_in_session(tracker) == 0


def test_event_lookup_matches_rasas_for_every_event_type():
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    from components import speedups

    for cls in all_subclasses(Event):
        assert Event.resolve_by_type(cls.type_name) is speedups._resolve_by_type(cls.type_name)
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")


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


def test_rule_lookup_finds_the_same_rules_as_rasa():
    import json
    import random

    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.shared.core.constants import SHOULD_NOT_BE_SET

    from components import speedups

    rng = random.Random(3)
    actions = ["action_listen", "action_a", "action_b", "form", SHOULD_NOT_BE_SET]
    intents = ["greet", "ask", "affirm"]

    def state(start: bool = False) -> dict:
        if start and rng.random() < 0.3:
            return {}
        found = {"prev_action": {"action_name": rng.choice(actions)}}
        if rng.random() < 0.7:
            found["user"] = {"intent": rng.choice(intents)}
        if rng.random() < 0.3:
            found["active_loop"] = {"name": "form"}
        return found

    lookup = {}
    for _ in range(150):
        length = rng.randint(1, 5)
        lookup[json.dumps([state(start=i == 0) for i in range(length)], sort_keys=True)] = "action_a"
    policy = RulePolicy.__new__(RulePolicy)  # the lookup methods use no trained state
    found_any = 0
    for _ in range(200):
        states = [state(start=i == 0) for i in range(rng.randint(1, 30))]
        ours = speedups.possible_rule_keys(policy, lookup, states)
        assert ours == speedups._rasa_possible_rule_keys(policy, lookup, states)
        found_any += bool(ours)
    assert 0 < found_any < 200  # the cases include states that match some rules and states that match none


def _graph_runner_classes():
    from typing import Any, Dict

    from rasa.engine.graph import GraphComponent

    ran: list = []

    class Add(GraphComponent):
        def __init__(self, config: Dict[str, Any]) -> None:
            self.config = config

        @classmethod
        def create(cls, config, model_storage, resource, execution_context, **kwargs):  # noqa: ANN001
            return cls(config)

        def add(self, **numbers: Any) -> int:
            ran.append(self.config["name"])
            return self.config["value"] + sum(numbers.values())

    return Add, ran


def test_graph_runs_like_dask(tmp_path):
    import dask
    from rasa.engine.graph import ExecutionContext, GraphSchema, SchemaNode
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    from components import speedups

    add, ran = _graph_runner_classes()

    def node(name: str, value: int, needs: dict) -> SchemaNode:
        return SchemaNode(needs, add, "create", "add", {"name": name, "value": value}, is_target=True)

    schema = GraphSchema(
        {
            "a": node("a", 1, {"x": "__input__"}),
            "b": node("b", 10, {"x": "a"}),
            "c": node("c", 100, {"x": "a", "y": "b"}),
            "d": node("d", 1000, {"x": "c"}),
            "unused": node("unused", 5, {}),
        }
    )
    runner = DaskGraphRunner(schema, LocalModelStorage(tmp_path), ExecutionContext(schema))
    for targets in (["c"], ["d", "b"], None):
        ours = speedups.run_graph(runner, {"__input__": 7}, targets)
        graph = runner._build_dask_graph(schema.minimal_graph_schema(targets or schema.target_names))
        runner._add_inputs_to_graph({"__input__": 7}, graph)
        theirs = dict(dask.get(graph, targets or schema.target_names))
        assert ours == theirs
    assert ours["d"] == 1000 + 100 + (1 + 7) + (10 + 1 + 7)
    ran.clear()
    speedups.run_graph(runner, {"__input__": 7}, ["b"])
    assert ran == ["a", "b"]  # only what the target needs, parents first


def test_action_server_payload_is_the_same_json_document():
    import json

    import numpy as np

    from components import speedups

    payload = {
        "next_action": "action_answer_question",
        "tracker": {
            "events": [
                {
                    "event": "user",
                    "text": "Wie viel verdient ein PM? €",
                    "parse_data": {"confidence": np.float64(0.93)},
                },
                {"event": "slot", "name": "role", "value": None, "timestamp": 1795925526.613282},
            ],
            "slots": {1: "non-string key", "topic": ["salary", 3, 2.5, True]},
        },
    }
    assert json.loads(speedups.json_document(payload)) == json.loads(json.dumps(payload))
    with pytest.raises(TypeError):  # what json.dumps refuses is still refused
        speedups.json_document({"events": {1, 2}})


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
    from rasa.shared.core.trackers import DialogueStateTracker

    from components import speedups

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
        assert ours == speedups._rasa_applied_events(tracker)
        ours.append("changed by a caller")  # must not leak into the next answer
        assert tracker.applied_events() == speedups._rasa_applied_events(tracker)
    copy = tracker.copy()
    copy.update(UserUttered("hi", {"name": "greet"}))
    assert copy.applied_events() == speedups._rasa_applied_events(copy) != tracker.applied_events()


def _prior_states(generator, tracker) -> list:
    return [(prior.current_state(), hidden) for prior, hidden in generator(tracker)]


def test_prior_trackers_are_rasas():
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from components import speedups

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
    ours = _prior_states(speedups.generate_all_prior_trackers, tracker)
    assert len(ours) > 3 and any(hidden for _, hidden in ours)  # the form's repeats are folded, as Rasa does
    assert ours == _prior_states(speedups._rasa_prior_trackers, tracker)


def test_slots_copy_as_copy_copy_did():
    import copy

    from rasa.shared.core.slots import AnySlot, BooleanSlot, CategoricalSlot, FloatSlot, ListSlot, TextSlot

    from components import speedups

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
        generic = copy._reconstruct(slot, None, *slot.__reduce_ex__(4))  # what copy.copy did before
        assert speedups.copy_slot is type(slot).__copy__
        assert type(copied) is type(generic) is type(slot) and copied is not slot
        assert copied.__dict__ == generic.__dict__ == slot.__dict__
        copied.value = "changed"
        assert slot.value != "changed"  # an independent slot, sharing only the attribute values
