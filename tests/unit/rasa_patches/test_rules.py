"""The rule lookup finds exactly the rules Rasa's finds, also after the rules were changed."""

import json
import random

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import SHOULD_NOT_BE_SET

from rasa_patches import _core

ACTIONS = ["action_listen", "action_a", "action_b", "form", SHOULD_NOT_BE_SET]
INTENTS = ["greet", "ask", "affirm"]


def _state(rng: random.Random, start: bool = False) -> dict:
    if start and rng.random() < 0.3:
        return {}
    found = {"prev_action": {"action_name": rng.choice(ACTIONS)}}
    if rng.random() < 0.7:
        found["user"] = {"intent": rng.choice(INTENTS)}
    if rng.random() < 0.3:
        found["active_loop"] = {"name": "form"}
    return found


def _lookup(rng: random.Random, rules: int) -> dict:
    lookup = {}
    for _ in range(rules):
        length = rng.randint(1, 5)
        lookup[json.dumps([_state(rng, start=i == 0) for i in range(length)], sort_keys=True)] = "action_a"
    return lookup


def test_rule_lookup_finds_the_same_rules_as_rasa():
    rng = random.Random(3)
    lookup = _lookup(rng, 150)
    policy = RulePolicy.__new__(RulePolicy)  # the lookup methods use no trained state
    rasa_lookup = _core.original(RulePolicy, "_get_possible_keys")
    found_any = 0
    for _ in range(200):
        states = [_state(rng, start=i == 0) for i in range(rng.randint(1, 30))]
        ours = policy._get_possible_keys(lookup, states)
        assert ours == rasa_lookup(policy, lookup, states)
        found_any += bool(ours)
    assert 0 < found_any < 200  # the cases include states that match some rules and states that match none


def test_a_rules_lookup_changed_in_place_is_read_again():
    """RulePolicy edits its lookup dict during training (contradiction checks, removed rules): the next lookup
    must see the dict as it is now, not as it was the first time."""
    policy = RulePolicy.__new__(RulePolicy)
    states = [{}, {"prev_action": {"action_name": "action_listen"}, "user": {"intent": "greet"}}]
    greet = json.dumps([states[-1]], sort_keys=True)
    ask = json.dumps([{"prev_action": {"action_name": "action_listen"}, "user": {"intent": "ask"}}], sort_keys=True)
    lookup = {ask: "utter_answer"}
    assert policy._get_possible_keys(lookup, states) == set()
    lookup[greet] = "utter_greet"
    assert policy._get_possible_keys(lookup, states) == {greet}
    del lookup[greet]
    assert policy._get_possible_keys(lookup, states) == set()
