"""The answer checker itself: what counts as right, as an honest decline and as an invented figure."""

import shutil
import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import answer_eval  # noqa: E402

CHECKER = answer_eval.Checker(answer_eval.ARTICLE.read_text())


def check(reply: str, expect=None, scope="in", said=("a question",)):
    return CHECKER.check(expect or {}, scope, answer_eval.Reply(reply, []), list(said))


def test_figures_match_with_or_without_separators_and_markdown():
    assert not check("PMs average **$90074** a year", {"all": ["90,074"]}).problems
    assert check("PMs average $91,000", {"all": ["90,074"]}).problems


@pytest.mark.parametrize(
    "reply",
    [
        "The article doesn't cover bonuses, so I can't answer that.",
        "The article doesn't give a figure for 2030.",
        "That's outside what I can help with.",
        "The article names no source for that figure.",
    ],
)
def test_honest_declines_are_recognised(reply):
    assert check(reply, scope="out").declined


def test_a_topic_answer_to_an_uncovered_question_is_not_a_decline():
    result = check("Project managers earn $90,074 on average.", scope="out")
    assert "does not say the article doesn't give it" in result.problems


def test_numbers_outside_the_article_are_invented_unless_said_or_computed():
    assert check("About $95,000 a year.").invented == [95000.0]
    assert check("No: $90,074, not 60k.", said=["PMs make 60k, right?"]).invented == []
    assert check("They earn $19,964 more (28.5% more).").invented == []  # computed from the article's figures
    assert check("You scored 6.5 : 1.5.").invented == []  # an assessment score
    # the person's own pay against the article's average is arithmetic, not invention; a gap to nothing they said is
    assert check("Your 60k is $30,074 lower.", said=["I earn 60k. How far is that from the PM average?"]).invented == []
    assert check("Your pay is $31,074 lower.", said=["I earn 60k. How far is that from the PM average?"]).invented


def test_yes_no_openings_are_checked_on_the_first_words():
    assert not check("**No**, usually not: …", {"opens": ["no"]}).problems
    assert check("Project managers are usually not involved", {"opens": ["no"]}).problems


def test_a_changed_frozen_file_is_reported(tmp_path):
    shutil.copytree(ROOT / "tests" / "answers" / "suite", tmp_path / "suite")
    assert answer_eval.check_frozen(tmp_path / "suite") == []
    with open(tmp_path / "suite" / "single.yml", "a") as handle:
        handle.write("\n# tuned\n")
    assert answer_eval.check_frozen(tmp_path / "suite") == ["single.yml"]


def test_the_frozen_suite_is_as_large_as_the_issue_asks():
    cases = answer_eval.load_cases(sorted((ROOT / "tests" / "answers" / "suite").glob("*.yml")))
    single = [c for c in cases if len(c["turns"]) == 1]
    conversations = [c for c in cases if len(c["turns"]) > 1]
    out = [c for c in cases if c.get("scope") in ("out", "mixed")]
    assert len(single) + sum(len(c["turns"]) for c in conversations) >= 300
    assert len(out) >= 60 and len(conversations) >= 25
