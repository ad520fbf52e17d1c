"""Keeps Rasa 3.6's per-turn cost small and flat, without changing what the assistant says.

1. Rasa validates every action-server response with `jsonschema.validate(result, schema)`, which re-checks the schema
itself and builds a new validator on each call: measured here, two thirds of the Rasa server's CPU time on a turn
that runs a custom action. A validator is built once, and each event is checked only against the `oneOf` branches
for its own `event` name (the others fail on their `const` anyway: same verdict, ~8x faster); a response that fails
is re-checked by Rasa's validator, so the error message is Rasa's own.
2. Rasa looks up each stored event's class by scanning all Event subclasses, once per event on every tracker load:
   the lookup is now a dictionary built once (unknown names still go through Rasa's own lookup).
3. When a session starts, Rasa carries over every SlotSet event of the previous session, so the carried-over
   history itself grows with each session; carrying over each slot's current value yields the same state.
4. Rasa opens a new HTTP client session, and so a new TCP connection, for every call to the action server; one
   keep-alive session per event loop is reused instead (same headers, auth and timeout). It sends the tracker
   serialized with orjson (the same JSON document, ~7x faster than `json.dumps` on a 30 KB tracker).
5. RulePolicy narrows its rules turn by turn back through the whole session, re-reading each rule for each turn,
   although a rule can only be ruled out by a turn within its own length: rules are now parsed once and the walk
   stops there (same rules found).
6. Rasa runs its model graph (NLU pipeline, policies) through dask's scheduler on every message and every action
   prediction: building the task graph, ordering it and dispatching it cost ~8% of a turn's CPU around components
   that simply run one after another. The nodes the targets need are now run in dependency order, from a plan
   made once per set of targets; each node receives exactly the inputs dask would pass it.
7. `DialogueStateTracker.applied_events()` (the session's events minus reverted ones) is recomputed from all events
   5-8 times per turn, mostly for an unchanged tracker; it is now remembered on the tracker until an event is added,
   and it and the policies' replay decide each event's class once per class instead of by isinstance chains.
8. Every policy prediction rebuilds the tracker from scratch, copying each slot with `copy.copy`, which takes
   Python's generic reduce/reconstruct path; slots now copy their attributes directly (the same shallow copy, 5x
   faster).
9. Every turn, Rasa's policies replay the whole session, and the tracker store and action server read and send
   all of it, so a turn costs more the longer the conversation (measured: ~10x slower by turn 300). Sessions are
   therefore rolled over after a number of user messages (components/tuning.yml), with slots carried over.
"""

from __future__ import annotations

import asyncio
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterator, List

import aiohttp
import orjson
import yaml
from jsonschema import validators
from jsonschema._validators import oneOf as one_of
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import ActionSessionStart, RemoteAction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.processor import MessageProcessor
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ACTION_NAME
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig


@lru_cache(maxsize=1)
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _event_const(subschema: Any) -> Any:
    try:
        return subschema["properties"]["event"]["const"]
    except (KeyError, TypeError):
        return None


def _one_of_for_this_event(validator: Any, subschemas: List[Any], instance: Any, schema: Any) -> Iterator[Any]:
    """`oneOf`, skipping the branches whose `event` const differs from the instance's (they cannot match)."""
    if isinstance(instance, dict) and isinstance(instance.get("event"), str):
        subschemas = [sub for sub in subschemas if _event_const(sub) in (None, instance["event"])]
    yield from one_of(validator, subschemas, instance, schema)


@lru_cache(maxsize=1)
def _fast_response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    return validators.extend(validator_for(schema), {"oneOf": _one_of_for_this_event})(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    if _fast_response_validator().is_valid(result):
        return True
    error = best_match(_response_validator().iter_errors(result))  # what jsonschema.validate raises
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the Action "
        f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


RemoteAction._validate_action_result = _validate_action_result


# ---- event class lookup -----------------------------------------------------------------------------------------
_resolve_by_type = Event.resolve_by_type
_EVENT_CLASSES: Dict[str, type] = {}


def resolve_by_type(type_name: str, default: type | None = None) -> type | None:
    if not _EVENT_CLASSES:
        from rasa.shared.utils.common import all_subclasses

        for cls in all_subclasses(Event):
            _EVENT_CLASSES.setdefault(cls.type_name, cls)
    found = _EVENT_CLASSES.get(type_name)
    return found if found is not None else _resolve_by_type(type_name, default)


Event.resolve_by_type = staticmethod(resolve_by_type)


# ---- carrying slots over to a new session -----------------------------------------------------------------------
def slot_values_to_carry_over(tracker: DialogueStateTracker) -> list[SlotSet]:
    """One SlotSet per slot that has been given a value, instead of the previous session's whole slot history."""
    return [SlotSet(key=name, value=slot.value) for name, slot in tracker.slots.items() if slot.has_been_set]


ActionSessionStart._slot_set_events_from_tracker = staticmethod(slot_values_to_carry_over)


# ---- keep-alive connections to the action server ----------------------------------------------------------------
def json_document(value: Any) -> str:
    """`json.dumps(value)`'s document, via orjson; anything orjson refuses goes to json.dumps, as before."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        return json.dumps(value)


class _KeptSession(aiohttp.ClientSession):
    """A client session that outlives `async with` blocks, so its connection pool is reused."""

    async def __aexit__(self, *exc_info: Any) -> None:
        return None


_SESSIONS: Dict[tuple, _KeptSession] = {}


def kept_session(self: EndpointConfig) -> aiohttp.ClientSession:
    loop = asyncio.get_running_loop()
    auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
    key = (id(loop), tuple(sorted((self.headers or {}).items())), auth)
    session = _SESSIONS.get(key)
    if session is None or session.closed:
        session = _KeptSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            json_serialize=json_document,
        )
        _SESSIONS[key] = session
    return session


EndpointConfig.session = kept_session


# ---- rule lookup ------------------------------------------------------------------------------------------------
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


# ---- applied events -------------------------------------------------------------------------------------------
_rasa_applied_events = DialogueStateTracker.applied_events
_rasa_prior_trackers = DialogueStateTracker.generate_all_prior_trackers
RESET, REVERT_ACTION, REVERT_USER, ACTION, ACTIVE_LOOP, OTHER = range(6)
_KINDS: Dict[type, int] = {}


def event_kind(cls: type) -> int:
    """What Rasa's isinstance chain in `applied_events` decides for an event class, decided once per class (Event
    classes are ABCs, so every isinstance check there is a Python-level call)."""
    kind = _KINDS.get(cls)
    if kind is None:
        order = (
            ((Restarted, SessionStarted), RESET),
            (ActionReverted, REVERT_ACTION),
            (UserUtteranceReverted, REVERT_USER),
            (ActionExecuted, ACTION),
            (ActiveLoop, ACTIVE_LOOP),
        )
        kind = next((found for classes, found in order if issubclass(cls, classes)), OTHER)
        _KINDS[cls] = kind
    return kind


def _compute_applied_events(self: DialogueStateTracker) -> List[Event]:
    """Rasa's algorithm, step for step, with the class checks looked up."""
    loop_names = {event.name for event in self.events if event_kind(type(event)) == ACTIVE_LOOP and event.name}
    applied: List[Event] = []
    for event in self.events:
        kind = event_kind(type(event))
        if kind == RESET:
            applied = []
        elif kind == REVERT_ACTION:
            self._undo_till_previous(ActionExecuted, applied)
        elif kind == REVERT_USER:
            self._undo_till_previous(UserUttered, applied)
            self._undo_till_previous(ActionExecuted, applied)
        elif (
            kind == ACTION
            and event.action_name in loop_names
            and not self._first_loop_execution_or_unhappy_path(event.action_name, applied)
        ):
            self._undo_till_previous_loop_execution(event.action_name, applied)
        else:
            applied.append(event)
    return applied


def applied_events(self: DialogueStateTracker) -> List[Event]:
    """Rasa's list, recomputed only when the events changed (their count, first or last event object)."""
    events = self.events
    key = (len(events), events[0] if events else None, events[-1] if events else None)
    cached = self.__dict__.get("_applied_events")
    if cached is None or cached[0][0] != key[0] or cached[0][1] is not key[1] or cached[0][2] is not key[2]:
        cached = (key, _compute_applied_events(self))
        self.__dict__["_applied_events"] = cached
    return list(cached[1])  # a new list each time: callers may change theirs


def generate_all_prior_trackers(self: DialogueStateTracker) -> Iterator[tuple]:
    """Rasa's generator (the tracker before each action, and whether that turn is hidden from ML policies)."""
    tracker = self.init_copy()
    for event in self.applied_events():
        if event_kind(type(event)) == ACTION:
            yield tracker, event.hide_rule_turn
        tracker.update(event)
    yield tracker, False


DialogueStateTracker.applied_events = applied_events
DialogueStateTracker.generate_all_prior_trackers = generate_all_prior_trackers


# ---- copying slots ----------------------------------------------------------------------------------------------
def copy_slot(self: Slot) -> Slot:
    """What `copy.copy` makes of a Slot (a new instance sharing the attribute values), without its generic path."""
    new = object.__new__(type(self))
    new.__dict__.update(self.__dict__)
    return new


Slot.__copy__ = copy_slot


# ---- running the model graph ------------------------------------------------------------------------------------
def _plan(self: DaskGraphRunner, targets: tuple) -> List[tuple]:
    """(node name, parent names) for every node the targets depend on, parents first."""
    plans = self.__dict__.setdefault("_plans", {})
    if targets not in plans:
        nodes = self._graph_schema.minimal_graph_schema(list(targets)).nodes
        ordered: List[tuple] = []
        done: set = set()

        def visit(name: str) -> None:
            if name in done or name not in nodes:  # not a node: an input placeholder
                return
            done.add(name)
            parents = list(nodes[name].needs.values())
            for parent in parents:
                visit(parent)
            ordered.append((name, parents))

        for target in targets:
            visit(target)
        plans[targets] = ordered
    return plans[targets]


def run_graph(
    self: DaskGraphRunner, inputs: Dict[str, Any] | None = None, targets: List[str] | None = None
) -> Dict[str, Any]:
    """DaskGraphRunner.run without dask: same nodes, same inputs (a missing one is passed as its name, as dask
    does), same errors."""
    run_targets = targets if targets else self._graph_schema.target_names
    plan = _plan(self, tuple(run_targets))
    node_names = {name for name, _ in plan}
    results: Dict[str, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and value in node_names:
            raise GraphRunError(f"Input value '{value}' clashes with a node name.")
        results[name] = (name, value)
    try:
        for name, parents in plan:
            results[name] = self._instantiated_nodes[name](*(results.get(parent, parent) for parent in parents))
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error
    return dict(results[target] for target in run_targets)


DaskGraphRunner.run = run_graph


# ---- bounded sessions -------------------------------------------------------------------------------------------
TUNING = yaml.safe_load((Path(__file__).with_name("tuning.yml")).read_text())
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
