"""The reply check accepts and rejects what Rasa's own does, with the same message; no private library imports."""

import ast
from pathlib import Path

import jsonschema
from rasa.core.actions.action import RemoteAction

from rasa_patches import _core, action_response

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
    assert RemoteAction._validate_action_result.__name__ == "_validate_action_result"  # functools.wraps
    assert RemoteAction._validate_action_result.__wrapped__ is _core.original(RemoteAction, "_validate_action_result")


def _verdict(check, result):
    try:
        check(result)
        return "valid"
    except jsonschema.ValidationError as error:
        return error.message


def test_same_verdicts_and_messages_as_rasa():
    action = RemoteAction("action_x", None)
    rasa_check = _core.original(RemoteAction, "_validate_action_result")
    verdicts = []
    for result in CANDIDATES:
        theirs = _verdict(lambda r: rasa_check(action, r), result)
        ours = _verdict(action._validate_action_result, result)
        assert ours == theirs, result
        verdicts.append(theirs == "valid")
    assert True in verdicts and False in verdicts  # the candidates exercise both outcomes


def test_no_patch_imports_a_private_module_of_another_library():
    """A private module (`jsonschema._validators`) can change in any release without notice."""
    private = []
    for path in Path(action_response.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                parts = name.split(".")
                if parts[0] not in ("rasa_patches", "rasa") and any(
                    p.startswith("_") and not p.startswith("__") for p in parts
                ):
                    private.append(f"{path.name}: {name}")
    assert private == []
