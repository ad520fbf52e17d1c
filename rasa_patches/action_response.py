"""The check of the action server's reply.

Rasa: `RemoteAction._validate_action_result` calls `jsonschema.validate(result, schema)` on every reply, which
checks the schema itself and builds a new validator each time, and tries each event against every branch of the
events schema's `oneOf`. Measured on this assistant: two thirds of the Rasa server's CPU on a turn that runs a
custom action.

Here: a validator is built once; each event is tried only against the `oneOf` branches whose `event` constant is the
event's own name (the other branches fail on that constant anyway: the same verdict, ~8x faster). A reply that fails
is checked again by a full validator, so the error raised (`jsonschema.ValidationError`, message and all) is what
`jsonschema.validate` raises, with Rasa's hint appended. Only public jsonschema API is used (`validator_for`,
`extend`, the `VALIDATORS` mapping of the Validator protocol, `best_match`).

Why: per-turn CPU of the Rasa server (latency and throughput under load).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Iterator, List

from rasa_patches import _core

WRITTEN_FOR = "3.6.21"


def _event_const(subschema: Any) -> Any:
    try:
        return subschema["properties"]["event"]["const"]
    except (KeyError, TypeError):
        return None


@lru_cache(maxsize=1)
def _validators() -> tuple:
    """(full validator, fast validator) for Rasa's reply schema, built once."""
    from jsonschema import validators
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    one_of = cls.VALIDATORS["oneOf"]

    def one_of_for_this_event(validator: Any, subschemas: List[Any], instance: Any, schema: Any) -> Iterator[Any]:
        if isinstance(instance, dict) and isinstance(instance.get("event"), str):
            subschemas = [sub for sub in subschemas if _event_const(sub) in (None, instance["event"])]
        yield from one_of(validator, subschemas, instance, schema)

    fast = validators.extend(cls, {"oneOf": one_of_for_this_event})
    return cls(schema), fast(schema)


def validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
    """Rasa's check: True, or raises the jsonschema.ValidationError `jsonschema.validate` raises."""
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    full, fast = _validators()
    if fast.is_valid(result):
        return True
    error = best_match(full.iter_errors(result))  # what jsonschema.validate raises
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the Action "
        f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def apply(settings: Any) -> str:
    from rasa.core.actions.action import RemoteAction

    original = _core.original(RemoteAction, "_validate_action_result")
    _core.replace(RemoteAction, "_validate_action_result", _core.wraps(original)(validate_action_result))
    return "action-server replies checked by a validator built once, each event against its own schema"
