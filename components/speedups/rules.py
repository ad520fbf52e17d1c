"""RulePolicy's rule lookup.

Rasa narrows its rules turn by turn back through the whole session, re-reading each rule for each turn, although a
rule can only be ruled out by a turn within its own length. Rules are now parsed once, a rule whose newest state
names another previous action than the conversation's is set aside first, and the walk stops past the longest
remaining rule: the same rules are found.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET
from rasa.shared.nlu.constants import ACTION_NAME

_rasa_possible_rule_keys = RulePolicy._get_possible_keys


def _rules_newest_first(self: RulePolicy, lookup: Dict[str, str]) -> List[tuple]:
    """(rule key, its states newest first, the previous action its newest state requires or None) for every rule of
    a lookup, parsed once per policy and lookup."""
    parsed = self.__dict__.setdefault("_rules_newest_first", [])
    for known, rules in parsed:
        if known is lookup:
            return rules
    rules = []
    for key in lookup:
        rule_states = tuple(reversed(self._rule_key_to_state(key)))
        required = rule_states[0].get(PREVIOUS_ACTION, {}).get(ACTION_NAME) if rule_states else None
        rules.append((key, rule_states, required if required and required != SHOULD_NOT_BE_SET else None))
    parsed.append((lookup, rules))
    return rules


def _rule_applies(self: RulePolicy, rule_states: tuple, turn_index: int, conversation_state: Dict[str, Any]) -> bool:
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


def possible_rule_keys(self: RulePolicy, lookup: Dict[str, str], states: List[Dict[str, Any]]) -> set:
    """Rasa's `_get_possible_keys` on rules parsed once. A rule whose newest state names a previous action other
    than the conversation's is set aside first (Rasa's check would reject it on that value), and the walk back stops
    once it is longer than every remaining rule: from there on every rule applies, so the set cannot change."""
    possible = _rules_newest_first(self, lookup)
    if states:
        current = (states[-1].get(PREVIOUS_ACTION) or {}).get(ACTION_NAME)
        possible = [rule for rule in possible if rule[2] is None or rule[2] == current]
    for turn_index, state in enumerate(reversed(states)):
        if turn_index >= max((len(rule_states) for _, rule_states, _ in possible), default=0):
            break
        possible = [rule for rule in possible if _rule_applies(self, rule[1], turn_index, state)]
    return {key for key, _, _ in possible}


RulePolicy._get_possible_keys = possible_rule_keys
