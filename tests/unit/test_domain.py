"""The domain, the data files and the action server agree with each other."""

import yaml

from actions.assessment import scoring
from tests.conftest import ROOT


def domain():
    merged = {"intents": [], "actions": [], "slots": {}, "forms": {}, "responses": {}}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        part = yaml.safe_load(path.read_text())
        merged["intents"] += part.get("intents", [])
        merged["actions"] += part.get("actions", [])
        merged["slots"].update(part.get("slots", {}))
        merged["forms"].update(part.get("forms", {}))
        merged["responses"].update(part.get("responses", {}))
    return merged


def test_one_slot_and_ask_response_per_assessment_question():
    d = domain()
    slots = [q.slot for q in scoring.get().questions]
    assert d["forms"]["assessment_form"]["required_slots"] == slots
    for slot in slots:
        # the form asks with the response, not an action-server call (an `action_ask_` would take precedence)
        assert slot in d["slots"] and f"utter_ask_{slot}" in d["responses"] and f"action_ask_{slot}" not in d["actions"]


def test_every_domain_action_is_served_by_the_action_server():
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    served = set(executor.actions)
    custom = {a for a in domain()["actions"] if a.startswith(("action_", "validate_"))}
    assert custom <= served, custom - served


def test_the_intents_that_name_a_topic_exist(kb):
    assert set(kb.lexicon["intent_topics"]) <= set(domain()["intents"])


def test_every_intent_is_routed_outside_and_inside_the_assessment():
    rules = []
    for path in (ROOT / "data" / "rules").glob("*.yml"):
        rules += yaml.safe_load(path.read_text())["rules"]
    routed = {"outside": set(), "inside": set()}
    for rule in rules:
        inside = {"active_loop": "assessment_form"} in (rule.get("condition") or [])
        for step in rule["steps"]:
            for option in step.get("or", [step]):
                if "intent" in option:
                    routed["inside" if inside else "outside"].add(option["intent"])
    intents = set(domain()["intents"]) | {"nlu_fallback"}
    assert intents - {"restart_assessment", "start_assessment"} <= routed["outside"] | {"ask_result"}
    assert intents - {"ask_result", "start_assessment"} <= routed["inside"] | {"stop", "go_back"}
