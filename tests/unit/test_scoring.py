"""Scoring: deterministic over every combination, near-ties honest, weights read from the data file."""

import itertools
import shutil

import pytest

from actions import knowledge_base
from actions.assessment import scoring
from tests.conftest import ROOT

AM, PM = "account_manager", "project_manager"


@pytest.fixture(scope="module")
def assessment():
    return scoring.load()


def test_six_to_eight_questions_built_on_article_factors(assessment, kb):
    assert 6 <= len(assessment.questions) <= 8
    kinds = {q.basis["kind"] for q in assessment.questions}
    assert kinds == {"difference", "skills", "fit"}
    covered = {q.basis.get("key") for q in assessment.questions if q.basis["kind"] == "difference"}
    assert covered == set(kb.differences)


def test_every_combination_scores_deterministically_and_consistently(assessment):
    ids = [q.id for q in assessment.questions]
    values = scoring.ANSWER_VALUES
    seen = 0
    for combo in itertools.product(values, repeat=len(ids)):
        answers = dict(zip(ids, combo, strict=True))
        result = scoring.score(assessment, answers)
        assert result == scoring.score(assessment, answers)
        lead = result.scores[AM] - result.scores[PM]
        if result.answered == 0:
            assert result.recommended is None and not result.near_tie
        elif abs(lead) <= assessment.near_tie_margin:
            assert result.near_tie and result.recommended is None
        else:
            assert result.recommended == (AM if lead > 0 else PM)
        seen += 1
    assert seen == len(values) ** len(ids)


def test_clear_leanings(assessment):
    ids = [q.id for q in assessment.questions]
    all_am = scoring.score(assessment, {i: AM for i in ids})
    assert all_am.recommended == AM and all_am.scores == {AM: 8.0, PM: 0.0}
    mostly_pm = scoring.score(assessment, {**{i: PM for i in ids}, ids[0]: AM})
    assert mostly_pm.recommended == PM and mostly_pm.scores == {AM: 1.0, PM: 7.0}


def test_tie_and_near_tie(assessment):
    ids = [q.id for q in assessment.questions]
    tie = {i: (AM if n % 2 else PM) for n, i in enumerate(ids)}
    assert scoring.score(assessment, tie).near_tie
    near = {**tie, ids[0]: "both"}
    assert scoring.score(assessment, near).near_tie


def test_weights_come_from_the_data_file(tmp_path):
    shutil.copytree(ROOT / "knowledge", tmp_path / "k")
    path = tmp_path / "k" / "assessment.yml"
    text = path.read_text().replace(
        "  - id: enjoyment\n    basis: {kind: fit}\n    weight: 1",
        "  - id: enjoyment\n    basis: {kind: fit}\n    weight: 5",
    )
    path.write_text(text)
    heavy = scoring.load(tmp_path / "k")
    answers = {q.id: AM for q in heavy.questions}
    answers["enjoyment"] = PM
    result = scoring.score(heavy, answers)
    assert result.scores == {AM: 7.0, PM: 5.0}
    assert result.recommended == AM


def test_result_text_quotes_the_article_for_the_persons_answers(assessment):
    kb = knowledge_base.load()
    answers = {q.id: AM for q in assessment.questions}
    answers["sales_involvement"] = PM
    text = scoring.render_result(assessment, kb, answers)
    assert "**Your best fit: Account manager** (Account manager 7 : 1 project manager)" in text
    assert "Clients who are satisfied and stay with us" in text
    assert "Account Managers focus on building long-term relationships" in text
    assert "strong interpersonal skills" in text  # skills to build, from the article
    assert "compare salaries" in text


def test_tie_result_explains_both_fits(assessment):
    kb = knowledge_base.load()
    ids = [q.id for q in assessment.questions]
    text = scoring.render_result(assessment, kb, {i: (AM if n % 2 else PM) for n, i in enumerate(ids)})
    assert "close call" in text and "4 : 4" in text
    assert kb.roles[AM].fit in text and kb.roles[PM].fit in text


def test_nothing_answered(assessment):
    text = scoring.render_result(assessment, knowledge_base.load(), {q.id: "skipped" for q in assessment.questions})
    assert "nothing to score" in text


def test_why_quotes_both_sides(assessment):
    kb = knowledge_base.load()
    question = assessment.questions[1]
    text = scoring.why(assessment, kb, question)
    assert "2. Timeline" in text
    assert kb.differences["timeline"].by_role[AM] in text and kb.differences["timeline"].by_role[PM] in text
