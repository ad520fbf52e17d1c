"""Questions and follow-ups resolve to the topic, roles and aspect a reader means."""

from actions.understanding import resolve
from tests.conftest import spacy_entities

BOTH = ("account_manager", "project_manager")


def ask(kb, text, intent, **context):
    return resolve(kb, intent, {"text": text, "entities": spacy_entities(text)}, **context)


def test_follow_up_keeps_topic_changes_role(kb):
    request = ask(kb, "and a project manager?", "inform_role", last_role="account_manager", last_topic="definition")
    assert (request.topic, request.roles) == ("definition", ("project_manager",))


def test_pronoun_keeps_role(kb):
    request = ask(kb, "what skills do they need?", "ask_skills", last_role="project_manager", last_topic="definition")
    assert (request.topic, request.roles) == ("skills", ("project_manager",))


def test_no_role_and_no_reference_means_both(kb):
    assert ask(kb, "what skills are needed", "ask_skills", last_role="project_manager").roles == BOTH


def test_other_role_flips(kb):
    request = ask(kb, "the other role", "inform_role", last_role="project_manager", last_topic="salary")
    assert (request.topic, request.roles) == ("salary", ("account_manager",))


def test_other_role_without_context_is_ambiguous(kb):
    assert ask(kb, "the other role", "inform_role").ambiguous_other


def test_who_earns_more_compares(kb):
    assert ask(kb, "who earns more", "ask_salary", last_role="project_manager").roles == BOTH


def test_aspect_refines_a_definition_question(kb):
    request = ask(kb, "what does a PM focus on", "ask_definition")
    assert (request.topic, request.aspect, request.roles) == ("difference", "focus_areas", ("project_manager",))


def test_aspect_carries_over_in_a_follow_up(kb):
    request = ask(
        kb,
        "what about AMs?",
        "inform_role",
        last_role="project_manager",
        last_topic="difference",
        last_aspect="timeline",
    )
    assert (request.topic, request.aspect, request.roles) == ("difference", "timeline", ("account_manager",))


def test_uncovered_subject_is_flagged_even_under_a_known_intent(kb):
    assert ask(kb, "how much do project managers earn in Canada", "ask_salary").not_covered == "other_countries"
    assert ask(kb, "how much do product managers earn", "ask_salary").not_covered == "product_manager"


def test_typo_roles_are_understood(kb):
    assert ask(kb, "whats an acount manger salery", "ask_salary").roles == ("account_manager",)


def test_the_job_outlook_is_not_a_reference_back(kb):
    assert ask(kb, "whats the job outlook", "ask_outlook", last_role="project_manager").roles == BOTH
