"""The rule lookup finds exactly the rules Rasa's finds."""

import components  # noqa: F401  (applies the speed-ups)
from components.speedups import rules


def test_rule_lookup_finds_the_same_rules_as_rasa():
    import json
    import random

    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.shared.core.constants import SHOULD_NOT_BE_SET

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
        ours = rules.possible_rule_keys(policy, lookup, states)
        assert ours == rules._rasa_possible_rule_keys(policy, lookup, states)
        found_any += bool(ours)
    assert 0 < found_any < 200  # the cases include states that match some rules and states that match none
