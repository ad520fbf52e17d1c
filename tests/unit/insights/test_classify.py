"""How a turn's reply is classified: the engine's own `metadata.answer` first, stored actions and wording after."""

from __future__ import annotations

import pytest

from insights import classify
from insights.classify import Turn
from settings import Settings

PATTERNS = classify.load_patterns(Settings().knowledge_dir)


def turn(actions=(), bots=(), intent=None, slots=None) -> Turn:
    return Turn("s", 0.0, "q", intent, "rest", list(actions), list(bots), dict(slots or {}))


def bot(text="", **metadata) -> dict:
    return {"text": text, "metadata": metadata}


@pytest.mark.parametrize(
    "kind, expected",
    [("answered", "answered"), ("declined", "declined"), ("rephrase", "rephrase"), ("small_talk", "small_talk")],
)
def test_the_engine_s_word_wins_over_everything_else(kind, expected):
    """Even where the actions and wording would say otherwise (a decline sent by the answering action)."""
    answer = {"kind": kind, "topics": ["salary"], "ops": ["lookup"]}
    found = turn(["action_out_of_scope"], [bot("The article doesn't cover that", answer=answer)])
    assert classify.kind_of(found, PATTERNS) == expected
    assert classify.topics_of(found) == ["salary"]


def test_an_assessment_miss_counts_as_not_understood():
    assert classify.kind_of(turn(bots=[bot(answer={"kind": "miss", "topics": []})])) == classify.REPHRASE


def test_an_unknown_kind_in_metadata_falls_back_to_what_was_stored():
    found = turn(["action_answer_question"], [bot("x", answer={"kind": "weird"})])
    assert classify.kind_of(found, PATTERNS) == classify.ANSWERED


@pytest.mark.parametrize(
    "actions, bots, intent, expected",
    [
        (["action_default_fallback"], [bot("x", utter_action="utter_default")], "nlu_fallback", "rephrase"),
        (["action_suggest_rephrase"], [bot("Sorry")], "nlu_fallback", "rephrase"),
        (["action_out_of_scope"], [bot("The article doesn't cover pay in the UK")], "out_of_scope", "declined"),
        # The answering action declining (older engine, no metadata): told by the knowledge file's wording.
        (
            ["action_answer_question"],
            [bot("The article doesn't cover PMP, so I can't answer")],
            "ask_skills",
            "declined",
        ),
        (["action_answer_question"], [bot("PMs earn $90,074.")], "ask_salary", "answered"),
        (["action_answer_question"], [bot("Sorry, I'm not sure I understood. Did you mean")], None, "rephrase"),
        (["action_show_menu"], [bot("Hi!")], "greet", "small_talk"),
        (["utter_goodbye"], [bot("Bye", utter_action="utter_goodbye")], "goodbye", "small_talk"),
        (["assessment_form"], [bot("Question 2 of 8")], "prefer_account", "assessment"),
        (["action_answer_question"], [bot("Sorry", utter_action="utter_action_unavailable")], None, "unavailable"),
        ([], [], None, "other"),
    ],
)
def test_without_metadata_the_stored_actions_and_wording_tell(actions, bots, intent, expected):
    assert classify.kind_of(turn(actions, bots, intent), PATTERNS) == expected


def test_topics_fall_back_to_the_topic_slot_the_context_frames_then_the_intent():
    assert classify.topics_of(turn(slots={"topic": "skills"}, intent="ask_salary")) == ["skills"]
    context = {"last": [{"op": "lookup", "topic": "salary"}, {"op": "which", "topic": "outlook"}]}
    assert classify.topics_of(turn(slots={"context": context})) == ["outlook", "salary"]
    assert classify.topics_of(turn(intent="ask_outlook")) == ["outlook"]
    assert classify.topics_of(turn(intent="greet")) == []


def test_patterns_come_from_the_knowledge_file():
    assert any(p.startswith("the article doesn't cover") for p in PATTERNS.declined)
    assert PATTERNS.rephrase and PATTERNS.kind_of("  sorry, I'm NOT sure I understood. Did you") == "rephrase"


def test_similar_questions_share_a_key_and_different_ones_do_not():
    key = classify.question_key
    assert key("How much do PMs earn in the UK?") == key("how much do pms earn in the uk??") == key("PM earn UK")
    assert key("what about product managers?") == key("What about product manager")
    assert key("what about product managers?") != key("what about the UK?")
    assert key("???") == ""
