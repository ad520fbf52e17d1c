"""The assessment form's actions: validation, asking, why, go back, misses, stop and result recall."""

import pytest

from actions.assessment import form_actions, scoring
from tests.conftest import make_tracker, run_action, slot_events

FORM = "assessment_form"
ASSESSMENT = scoring.get()
FIRST, SECOND = ASSESSMENT.questions[0], ASSESSMENT.questions[1]


def validate(text, intent="nlu_fallback", question=FIRST, fresh=True):
    """The form's validation, as Rasa calls it right after the person's message (or after another action)."""
    tracker = make_tracker(text, intent, slots={"requested_slot": question.slot}, active_loop=FORM)
    before = "action_listen" if fresh else "action_answer_question"
    tracker.events = [{"event": "action", "name": before}, {"event": "user"}, {"event": "action", "name": FORM}]
    return slot_events(run_action(form_actions.ValidateAssessmentForm(), tracker)[2])


@pytest.mark.parametrize(
    "text, intent, value",
    [
        ("/prefer_account", "prefer_account", "account_manager"),
        ("/prefer_both", "prefer_both", "both"),
        ("happy clients who stick with us", "prefer_account", "account_manager"),
        ("deadlines and budgets, that's how I'd like to be measured", "nlu_fallback", "project_manager"),
        ("a bit of both", "prefer_both", "both"),
        ("not sure", "unsure", "unsure"),
        ("skip", "skip_question", "skipped"),
        ("the account manager one", "prefer_account", "account_manager"),
    ],
)
def test_buttons_and_own_words_answer_the_open_question(text, intent, value):
    assert validate(text, intent) == {FIRST.slot: value, "assessment_misses": 0}


@pytest.mark.parametrize("text", ["hmm", "idk", "ok", "let me think", "wait, what do PMs earn?", "banana bread"])
def test_filler_questions_and_unrelated_words_are_no_answer(text):
    assert validate(text, "affirm") == {}


def test_an_answer_to_another_question_is_not_taken_for_this_one():
    # "I'd hate selling" answers the sales question, not "which rhythm of work suits you better?"
    assert validate("I'd hate selling", "prefer_project", question=SECOND) == {}
    sales = next(q for q in ASSESSMENT.questions if q.id == "sales_involvement")
    assert validate("I'd hate selling", "prefer_project", question=sales)[sales.slot] == "project_manager"


def test_words_already_answered_by_another_action_are_not_taken_again():
    assert validate("happy clients who stick with us", "prefer_account", fresh=False) == {}


def test_question_shows_progress_and_buttons():
    import yaml

    from tests.conftest import ROOT

    generated = yaml.safe_load((ROOT / "domain" / "assessment_questions.yml").read_text())["responses"]
    (response,) = generated[f"utter_ask_{SECOND.slot}"]
    assert response["text"] == f"Question 2 of {len(ASSESSMENT.questions)}: {SECOND.text}"
    assert [b["payload"] for b in response["buttons"]] == [
        "/prefer_account",
        "/prefer_project",
        "/prefer_both",
        "/unsure",
    ]
    assert response["buttons"][0]["title"] == SECOND.options["account_manager"]
    assert set(generated) == {f"utter_ask_{q.slot}" for q in ASSESSMENT.questions}


def test_the_generated_questions_are_the_data_files():
    """The form asks with domain responses generated from knowledge/assessment.yml: a changed question must be
    regenerated (scripts/assessment_domain.py), or the form would ask the old wording."""
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("assessment_domain", ROOT / "scripts" / "assessment_domain.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "domain" / "assessment_questions.yml").read_text(encoding="utf-8") == module.render()


def test_start_clears_previous_answers():
    text, _, events = run_action(
        form_actions.ActionStartAssessment(), make_tracker("take the quiz", "start_assessment")
    )
    assert f"{len(ASSESSMENT.questions)} quick questions" in text
    slots = slot_events(events)
    assert all(slots[q.slot] is None for q in ASSESSMENT.questions)


def test_a_question_labelled_start_assessment_is_answered_and_does_not_start_it():
    text, _, events = run_action(
        form_actions.ActionStartAssessment(),
        make_tracker("which of the two earns more?", "start_assessment"),
    )
    assert "$90,074" in text and "quick questions" not in text
    assert any(e.get("event") == "followup" and e.get("name") == "action_listen" for e in events)
    assert not any(e.get("name") in [q.slot for q in ASSESSMENT.questions] for e in events)


def test_why_explains_the_open_question():
    tracker = make_tracker(
        "why do you ask", "ask_why_question", slots={"requested_slot": SECOND.slot}, active_loop=FORM
    )
    text, _, _ = run_action(form_actions.ActionAssessmentWhy(), tracker)
    assert "Timeline" in text and "over a long period" in text


def test_why_outside_the_assessment_offers_it():
    text, buttons, _ = run_action(form_actions.ActionAssessmentWhy(), make_tracker("why", "ask_why_question"))
    assert "no assessment question open" in text and buttons[0]["payload"] == "/start_assessment"


def test_go_back_clears_the_previous_answer():
    slots = {"requested_slot": SECOND.slot, FIRST.slot: "account_manager"}
    _, _, events = run_action(
        form_actions.ActionAssessmentGoBack(), make_tracker("go back", "go_back", slots=slots, active_loop=FORM)
    )
    assert slot_events(events)[FIRST.slot] is None


def test_go_back_on_the_first_question():
    tracker = make_tracker("go back", "go_back", slots={"requested_slot": FIRST.slot}, active_loop=FORM)
    text, _, events = run_action(form_actions.ActionAssessmentGoBack(), tracker)
    assert "first question" in text and events == []


def test_stop_deactivates_and_discards():
    _, _, events = run_action(form_actions.ActionAssessmentStop(), make_tracker("yes", "affirm", active_loop=FORM))
    assert {"event": "active_loop", "name": None, "timestamp": None} in events
    assert slot_events(events)[FIRST.slot] is None


def test_result_then_recall():
    answers = {q.slot: "project_manager" for q in ASSESSMENT.questions}
    text, buttons, events = run_action(
        form_actions.ActionAssessmentResult(), make_tracker("", "prefer_project", slots=answers)
    )
    assert "Your best fit: Project manager" in text
    assert '/ask_salary{"role":"both"}' in [b["payload"] for b in buttons]
    last = slot_events(events)["assessment_last"]
    recall, _, _ = run_action(
        form_actions.ActionAssessmentRecall(),
        make_tracker("what was my result", "ask_result", slots={"assessment_last": last}),
    )
    assert "last result" in recall and "Your best fit: Project manager" in recall


def test_recall_before_any_result():
    text, buttons, _ = run_action(form_actions.ActionAssessmentRecall(), make_tracker("my result?", "ask_result"))
    assert "haven't completed" in text and buttons[0]["payload"] == "/start_assessment"


@pytest.mark.parametrize(
    "text, value",
    [
        ("happy clients who keep coming back tbh", "account_manager"),
        ("projects done on time, that's me", "project_manager"),
    ],
)
def test_an_answer_heard_as_go_back_answers_the_question(text, value):
    tracker = make_tracker(text, "go_back", slots={"requested_slot": FIRST.slot}, active_loop=FORM)
    said, _, events = run_action(form_actions.ActionAssessmentGoBack(), tracker)
    assert slot_events(events)[FIRST.slot] == value and "go back" not in said.lower()


def test_go_back_said_in_so_many_words_still_goes_back():
    slots = {"requested_slot": SECOND.slot, FIRST.slot: "account_manager"}
    tracker = make_tracker("oops, go back, I meant clients who stay with us", "go_back", slots=slots, active_loop=FORM)
    _, _, events = run_action(form_actions.ActionAssessmentGoBack(), tracker)
    assert slot_events(events)[FIRST.slot] is None
