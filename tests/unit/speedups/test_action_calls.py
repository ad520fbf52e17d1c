"""Action-server calls: the reply check accepts and rejects what Rasa's own does; the payload is the same JSON."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import components  # noqa: F401  (applies the speed-ups)
from components.speedups import action_calls

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
    assert RemoteAction._validate_action_result.__module__ == "components.speedups.action_calls"


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


def test_action_server_payload_is_the_same_json_document():
    import json

    import numpy as np

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
    assert json.loads(action_calls.json_document(payload)) == json.loads(json.dumps(payload))
    with pytest.raises(TypeError):  # what json.dumps refuses is still refused
        action_calls.json_document({"events": {1, 2}})
