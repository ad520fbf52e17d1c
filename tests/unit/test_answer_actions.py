"""The answer actions, run as the action server runs them: what would the reader see?"""

from actions.answer_actions import ActionAnswerQuestion, ActionOutOfScope, ActionShowMenu, ActionSuggestRephrase
from tests.conftest import make_tracker, run_action, slot_events


def answer(text, intent, **slots):
    return run_action(ActionAnswerQuestion(), make_tracker(text, intent, slots=slots))


def test_what_does_an_am_do():
    text, buttons, events = answer("what does an AM do", "ask_definition")
    assert "maintaining strong relationships with clients" in text
    assert "Getting To Know the Account Manager and Project Manager" in text
    assert slot_events(events) == {"topic": "definition", "aspect": None, "role": "account_manager"}
    assert any(b["payload"] == '/inform_role{"role":"project_manager"}' for b in buttons)


def test_follow_up_and_a_project_manager():
    text, _, events = answer("and a project manager?", "inform_role", role="account_manager", topic="definition")
    assert "responsible for overseeing specific projects" in text
    assert slot_events(events)["role"] == "project_manager"


def test_salary_follow_up_what_about_account_managers():
    text, _, _ = answer("what about account managers?", "inform_role", role="project_manager", topic="salary")
    assert "$70,110" in text and "$90,074" not in text


def test_who_earns_more():
    text, _, events = answer("who earns more", "ask_salary", role="account_manager", topic="definition")
    assert "$70,110" in text and "$90,074" in text and "$19,964" in text
    assert slot_events(events)["role"] == "both"


def test_are_pms_salespeople():
    text, _, _ = answer("are PMs salespeople?", "ask_difference")
    assert text.startswith("**Sales Involvement**")
    assert "Project Managers are usually not involved in sales" in text


def test_tell_me_about_pms_then_skills():
    _, _, events = answer("tell me about PMs", "ask_definition")
    slots = slot_events(events)
    text, _, _ = answer("what skills do they need?", "ask_skills", **slots)
    assert "organizational skills" in text and "interpersonal" not in text


def test_uncovered_question_under_a_knowledge_intent_is_declined():
    text, buttons, events = answer("how much do project managers earn in the UK", "ask_salary")
    assert "doesn't cover pay or jobs outside the U.S." in text
    assert "$90,074" not in text and events == [] and buttons


def test_the_other_role_without_context_asks_which():
    text, buttons, _ = answer("the other role", "inform_role")
    assert "Which role do you mean" in text and len(buttons) == 2


def test_a_bare_role_typed_outside_the_assessment_is_a_follow_up():
    text, _, _ = answer("project manager", "prefer_project", role="account_manager", topic="salary")
    assert "$90,074" in text


def test_a_preference_outside_the_assessment_offers_it():
    text, buttons, _ = answer("I love talking to clients", "prefer_account")
    assert "assessment" in text and buttons[0]["payload"] == "/start_assessment"


def test_out_of_scope_names_the_subject():
    text, buttons, _ = run_action(ActionOutOfScope(), make_tracker("will AI take PM jobs", "out_of_scope"))
    assert "doesn't cover AI or automation" in text and buttons
    text, _, _ = run_action(ActionOutOfScope(), make_tracker("tell me a riddle", "out_of_scope"))
    assert "not something the article covers" in text


def test_menu_has_suggestion_buttons():
    text, buttons, _ = run_action(ActionShowMenu(), make_tracker("what can you do", "help"))
    assert "Salaries" in text and len(buttons) >= 4
    assert "/start_assessment" in [b["payload"] for b in buttons]


def test_rephrase_offers_the_likeliest_topics():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "ask_salary", "confidence": 0.25},
        {"name": "greet", "confidence": 0.2},
        {"name": "ask_skills", "confidence": 0.1},
    ]
    tracker = make_tracker("PM moneyish stuff", "nlu_fallback", intent_ranking=ranking)
    text, buttons, _ = run_action(ActionSuggestRephrase(), tracker)
    assert "rephrase" in text or "not sure I understood" in text
    assert [b["payload"] for b in buttons] == [
        '/ask_salary{"role":"project_manager"}',
        '/ask_skills{"role":"project_manager"}',
    ]
