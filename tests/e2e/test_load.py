"""Concurrent users over REST against the default set-up: no errors, no cross-talk, stable memory (reduced size;
`make load` runs 50 users x 20 messages)."""

import pytest

from bench import load

pytestmark = pytest.mark.e2e


def test_concurrent_users_each_get_their_own_answers(stack):
    pids = {"actions": stack.actions.pid, "rasa": stack.processes[-1].pid}
    report = load.measure([stack.rest_url], pids, users=10, messages=5, time_limit=300)
    assert report["errors"] == 0, report["error_samples"]
    assert report["correct"] == report["sent"] == 50
    assert max(report["rss_growth_mb"].values()) < 100, report
