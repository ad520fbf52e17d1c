"""Completes the career-fit assessment over REST both ways, by buttons and by free text."""

import pytest
import yaml

from tests.e2e.conftest import ROOT

pytestmark = pytest.mark.e2e
QUESTIONS = yaml.safe_load((ROOT / "knowledge" / "assessment.yml").read_text())["questions"]


def take(chat, answers):
    first = chat.say("help me decide between AM and PM")
    assert f"Question 1 of {len(QUESTIONS)}" in first[-1]["text"]
    assert [b["payload"] for b in first[-1]["buttons"]][:2] == ["/prefer_account", "/prefer_project"]
    replies = []
    for number, answer in enumerate(answers, start=1):
        replies = chat.say(answer)
        if number < len(QUESTIONS):
            assert f"Question {number + 1} of {len(QUESTIONS)}" in replies[-1]["text"], (answer, replies)
    return "\n".join(r["text"] for r in replies)


def test_clear_account_manager_leaning_by_buttons(chat):
    result = take(chat, ["/prefer_account"] * (len(QUESTIONS) - 1) + ["/prefer_project"])
    assert "Your best fit: Account manager" in result and "Account manager 7 : 1 project manager" in result
    assert "Account Managers focus on building long-term relationships" in result
    assert "strong interpersonal skills" in result


def test_clear_project_manager_leaning_in_free_text(chat):
    answers = [
        "projects finished on time and within budget",
        "short projects with a set end date",
        "mostly during planning and delivery",
        "direct and task focused",
        "the practical details",
        "I'd rather not sell",
        "organisation and problem solving",
        "organising tasks and leading teams",
    ]
    result = take(chat, answers)
    assert "Your best fit: Project manager" in result
    assert "Project Managers" in result and "Gantt charts" in result
    recall = chat.text("what was my result?")
    assert "Your best fit: Project manager" in recall


def test_a_tie_is_not_forced(chat):
    answers = ["/prefer_account", "/prefer_project"] * (len(QUESTIONS) // 2)
    assert "close call" in take(chat, answers)


def test_digression_why_and_stop(chat):
    chat.say("take the quiz")
    chat.say("/prefer_account")
    replies = chat.say("wait, how much do PMs earn?")
    assert "$90,074" in replies[0]["text"] and "Question 2 of" in replies[-1]["text"]
    assert "Timeline" in chat.text("why do you ask?")
    assert "Stop the assessment?" in chat.text("stop")
    assert "stopped" in chat.text("yes")
    assert "haven't completed" in chat.text("what was my result")
