"""The cached action-response validation accepts and rejects exactly what Rasa's own does."""

import jsonschema
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
