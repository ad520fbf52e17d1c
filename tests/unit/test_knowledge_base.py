"""The knowledge file is complete, faithful to the article, and understood in people's own words."""

import re
import shutil

import pytest

from actions import knowledge_base
from tests.conftest import ROOT

ARTICLE = (ROOT / "knowledge" / "article.txt").read_text(encoding="utf-8")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


def test_article_copy_is_credited_and_present():
    assert ARTICLE.startswith("BrainWaveTrail.com")
    kb = knowledge_base.load()
    assert kb.source["publisher"] == "BrainWaveTrail.com"
    assert kb.source["title"] in ARTICLE


def test_every_fact_is_a_sentence_of_the_article_with_an_id_and_a_section(kb):
    article = _squash(ARTICLE)
    for fact_id, fact in kb.facts.items():
        assert _squash(fact.text) in article, fact_id
        assert fact.section in kb.sections and fact.id == fact_id
    for text in (kb.raw["differences_intro"], kb.raw["responsibilities_intro"]):
        assert _squash(text) in article


def test_every_bullet_and_sentence_is_addressable(kb):
    ids = set(kb.facts)
    assert {f"am.responsibility.{i}" for i in range(1, 6)} <= ids and {"pm.skill.3", "intro.2", "alignment.4"} <= ids
    assert {f"difference.{d}.{r}" for d in kb.differences for r in ("am", "pm")} <= ids
    assert len(kb.facts_of("responsibility", "project_manager")) == 5


def test_structured_figures_are_the_ones_the_quoted_sentences_state(kb):
    for role in kb.roles.values():
        text = role.outlook.replace(",", "")
        for key in ("growth_percent", "by_year", "new_positions"):
            value = role.outlook_figures.get(key)
            if value is not None:
                shown = "2.1 million" if value == 2100000 else str(value)
                assert shown in text, (role.id, key)


def test_clauses_carry_the_articles_negation_and_hedges(kb):
    sales = kb.facts["difference.sales_involvement.pm"].clauses
    assert sales[0].negative and sales[0].hedge == "usually not" and not sales[1].negative
    assert kb.facts["difference.sales_involvement.am"].clauses[0].hedge == "often"
    assert kb.facts["am.definition.3"].clauses[1].hedge == "not always"


def test_figures_match_the_article(kb):
    for role in kb.roles.values():
        for figure in role.salary.values():
            assert f"${figure:,}" in ARTICLE
    assert set(kb.sections.values()) - {"Introduction"} <= {line.strip() for line in ARTICLE.splitlines()}


def test_six_differences_in_article_order(kb):
    titles = [d.title for d in sorted(kb.differences.values(), key=lambda d: d.number)]
    assert titles == [
        "Focus Areas",
        "Timeline",
        "Client Interaction",
        "Communication Style",
        "Strategic vs Operational",
        "Sales Involvement",
    ]
    for diff in kb.differences.values():
        assert f"{diff.number}. {diff.title}" in ARTICLE


@pytest.mark.parametrize(
    "text, expected",
    [
        ("what does an AM do", ["account_manager"]),
        ("what does an am do", ["account_manager"]),
        ("how much do PMs make", ["project_manager"]),
        ("acount manger salary", ["account_manager"]),
        ("projct managers skills", ["project_manager"]),
        ("Account Managers vs Project Managers", ["account_manager", "project_manager"]),
        ("which of the two earns more", ["both"]),
        ("and the other one?", ["other"]),
        ("I am not sure", []),
        ("I am a PM", ["project_manager"]),
    ],
)
def test_roles_found_in_free_text(kb, text, expected):
    assert kb.find("role", text) == expected


@pytest.mark.parametrize(
    "text, aspect",
    [
        ("are PMs salespeople?", "sales_involvement"),
        ("do account managers upsell", "sales_involvement"),
        ("long-term or short-term?", "timeline"),
        ("how do they communicate", "communication_style"),
        ("is it strategic or operational", "strategic_operational"),
        ("who talks to clients more", "client_interaction"),
        ("what does a PM focus on", "focus_areas"),
    ],
)
def test_difference_aspects_found(kb, text, aspect):
    assert kb.find("aspect", text)[:1] == [aspect]


@pytest.mark.parametrize(
    "text, subject",
    [
        ("do I need a PMP certification", "experience"),
        ("will AI replace project managers", "ai"),
        ("can account managers work remotely", "working_life"),
        ("do account managers get a bonus", "bonus"),
        ("AM salary in the UK", "region"),
        ("is it a stressful job", "working_life"),
        ("what's the weather", "weather"),
    ],
)
def test_uncovered_subjects_found(kb, text, subject):
    assert kb.find("not_covered", text, fuzzy=False) == [subject]


def test_entity_values_map_to_canonical_ids(kb):
    assert kb.canonical("role", "PMs") == "project_manager"
    assert kb.canonical("role", "an am") == "account_manager"
    assert kb.canonical("role", "project_manager") == "project_manager"
    assert kb.canonical("aspect", "Sales Involvement") == "sales_involvement"


def test_knowledge_dir_is_configurable(tmp_path):
    shutil.copytree(ROOT / "knowledge", tmp_path / "k")
    path = tmp_path / "k" / "article.yml"
    path.write_text(path.read_text().replace("average: 90074", "average: 95000"))
    assert knowledge_base.load(tmp_path / "k").roles["project_manager"].salary["average"] == 95000


def test_missing_fact_fails_loudly(tmp_path):
    shutil.copytree(ROOT / "knowledge", tmp_path / "k")
    path = tmp_path / "k" / "article.yml"
    path.write_text(path.read_text().replace("      average: 70110\n", ""))
    with pytest.raises(KeyError):
        knowledge_base.load(tmp_path / "k")


def test_spacy_ruler_patterns_come_from_the_knowledge_file(kb):
    patterns = knowledge_base.entity_patterns(kb)
    labels = {p["label"] for p in patterns}
    assert labels == {"role", "aspect", "not_covered"}
    assert {"label": "role", "pattern": "project managers", "id": "project_manager"} in patterns
