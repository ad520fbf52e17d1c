"""Prometheus metrics of the Rasa server, scraped before and after a scripted conversation over REST."""

from __future__ import annotations

import urllib.request
from typing import Dict, Tuple

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.conftest import Chat

pytestmark = pytest.mark.e2e

Key = Tuple[str, Tuple[Tuple[str, str], ...]]
QUESTION_COUNT = 8


def scrape(stack) -> Dict[Key, float]:
    with urllib.request.urlopen(f"http://localhost:{stack.rasa_port}/metrics", timeout=10) as reply:
        assert reply.status == 200 and reply.headers["Content-Type"].startswith("text/plain")
        text = reply.read().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def delta(before: Dict[Key, float], after: Dict[Key, float], name: str, **labels: str) -> float:
    key = (name, tuple(sorted(labels.items())))
    return after.get(key, 0.0) - before.get(key, 0.0)


def test_counters_follow_a_scripted_conversation(stack):
    chat = Chat(stack.rest_url)
    before = scrape(stack)
    chat.say("hi")
    assert "$" in chat.text("what do project managers earn?")
    assert "doesn't cover" in chat.text("how much do PMs earn in the UK?")
    assert "not sure I understood" in chat.text("qwpoeiru zxmcnv")
    assert "Question 1 of" in chat.text("take the quiz")
    for _ in range(QUESTION_COUNT):
        chat.say("/prefer_project")
    after = scrape(stack)
    turns = 5 + QUESTION_COUNT
    assert delta(before, after, "assistant_reply_seconds_count", channel="rest") == turns
    assert delta(before, after, "assistant_reply_seconds_bucket", channel="rest", le="+Inf") == turns
    assert delta(before, after, "assistant_turns_total", channel="rest", kind="small_talk") == 1
    assert delta(before, after, "assistant_turns_total", channel="rest", kind="answered") == 1
    assert delta(before, after, "assistant_turns_total", channel="rest", kind="declined") == 1
    assert delta(before, after, "assistant_turns_total", channel="rest", kind="rephrase") == 1
    assert delta(before, after, "assistant_turns_total", channel="rest", kind="assessment") == 1 + QUESTION_COUNT
    assert delta(before, after, "assistant_declined_total", channel="rest") == 1
    assert delta(before, after, "assistant_fallback_total", channel="rest") == 1
    assert delta(before, after, "assistant_assessments_started_total") == 1
    assert delta(before, after, "assistant_assessments_finished_total") == 1
    assert delta(before, after, "assistant_action_errors_total", action="action_answer_question") == 0
    assert after.get(("assistant_lock_errors_total", ()), 0) == 0
    assert not any(name == "assistant_tracker_store_errors_total" and value for (name, _), value in after.items())


def test_an_action_server_failure_is_counted_as_an_action_error(stack):
    chat = Chat(stack.rest_url)
    before = scrape(stack)
    stack.stop_actions()
    try:
        reply = chat.text("what do project managers earn?")
        assert "$" not in reply and reply  # the apology, not silence
    finally:
        stack.start_actions()
    after = scrape(stack)
    assert delta(before, after, "assistant_action_errors_total", action="action_answer_question") == 1
    assert delta(before, after, "assistant_turns_total", channel="rest", kind="unavailable") == 1
    assert "$" in chat.text("what do project managers earn?")
