"""The project's spaCy pipeline (built by `make`) tags the entities the NLU pipeline passes to the actions."""

from tests.conftest import spacy_entities


def labels(text):
    return [(e["entity"], e["value"]) for e in spacy_entities(text)]


def test_roles_short_forms_and_plurals():
    assert labels("What does an AM do?") == [("role", "an AM")]
    assert labels("how much do PMs make") == [("role", "PMs")]
    assert labels("Account managers or project managers?") == [
        ("role", "Account managers"),
        ("role", "project managers"),
    ]


def test_the_verb_am_is_not_a_role():
    assert labels("I am not sure") == []


def test_aspects_and_uncovered_subjects():
    assert ("aspect", "salespeople") in labels("are PMs salespeople?")
    assert ("not_covered", "PMP") in labels("do PMs need a PMP")
