"""RulePolicy's rule lookup.

Rasa: `RulePolicy._get_possible_keys` narrows the rules turn by turn back through the whole session, re-reading
(`json.loads`, cached) and reversing each rule for each turn, although a rule can only be ruled out by a turn
within its own length.

Here: each rule is parsed once (cached by its key, the rule's own text, so a lookup changed during training can
never be answered from stale rules), a rule whose newest state names another previous action than the
conversation's is set aside first (Rasa's check rejects it on that value), and the walk back stops once it is longer
than every remaining rule (from there on every rule applies). The same set of rules is found.

Why: per-prediction CPU; without it the lookup grows with the length of the session.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List

from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET
from rasa.shared.nlu.constants import ACTION_NAME

from rasa_patches import _core

WRITTEN_FOR = "3.6.21"


@lru_cache(maxsize=20000)
def parsed_rule(key: str) -> tuple:
    """(rule states newest first, the previous action its newest state requires or None), from a rule key."""
    import json

    states = tuple(reversed(json.loads(key)))
    required = states[0].get(PREVIOUS_ACTION, {}).get(ACTION_NAME) if states else None
    return states, required if required and required != SHOULD_NOT_BE_SET else None


def _rule_applies(self: Any, rule_states: tuple, turn_index: int, conversation_state: Dict[str, Any]) -> bool:
    """Rasa's `_is_rule_applicable`, on a rule already parsed and reversed."""
    if turn_index >= len(rule_states):
        return True
    current_previous_action = conversation_state.get(PREVIOUS_ACTION)
    rule_previous_action = rule_states[turn_index].get(PREVIOUS_ACTION)
    if not rule_previous_action and not current_previous_action:
        return True
    if not rule_previous_action or not current_previous_action:
        return False
    return self._does_rule_match_state(rule_states[turn_index], conversation_state)


def possible_rule_keys(self: Any, lookup: Dict[str, str], states: List[Dict[str, Any]]) -> set:
    """Rasa's `_get_possible_keys`: the rules of `lookup` that apply to the conversation's states."""
    current = (states[-1].get(PREVIOUS_ACTION) or {}).get(ACTION_NAME) if states else None
    possible = []
    for key in lookup:
        rule_states, required = parsed_rule(key)
        if not states or required is None or required == current:
            possible.append((key, rule_states))
    for turn_index, state in enumerate(reversed(states)):
        if turn_index >= max((len(rule_states) for _, rule_states in possible), default=0):
            break
        possible = [rule for rule in possible if _rule_applies(self, rule[1], turn_index, state)]
    return {key for key, _ in possible}


def apply(settings: Any) -> str:
    from rasa.core.policies.rule_policy import RulePolicy

    original = _core.original(RulePolicy, "_get_possible_keys")
    _core.replace(RulePolicy, "_get_possible_keys", _core.wraps(original)(possible_rule_keys))
    return "rule lookup on rules parsed once (keyed by rule), walk stops past the longest rule"
