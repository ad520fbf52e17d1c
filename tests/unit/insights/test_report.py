"""The report on a generated SQLite store matches what was written; periods, CSV and retention behave."""

from __future__ import annotations

import csv
import io
import time
from datetime import date

import pytest

from bench.insights import generate
from insights import people, render, report
from insights.store import Store
from settings import Settings

TODAY = date(2024, 5, 31)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "events.db"
    written = generate(path, 1500, seed=3)
    settings = Settings.from_env({"TRACKER_STORE": "sqlite", "SQLITE_PATH": str(path)})
    store = Store.open(settings)
    yield written, store, settings
    store.close()


def test_the_report_counts_exactly_what_the_store_holds(generated):
    written, store, settings = generated
    built = report.build(store, report.period(days=31), settings.knowledge_dir)
    assert (built.conversations, built.turns) == (written.conversations, written.turns)
    assert dict(built.kinds) == dict(written.kinds)
    assert dict(built.topics) == dict(written.topics)
    funnel = built.funnel
    assert (funnel.started, funnel.finished) == (written.started, written.finished)
    assert dict(funnel.abandoned) == dict(written.abandoned)
    assert funnel.reached[funnel.questions[0]] == written.started
    assert dict(built.results) == dict(written.results) and sum(built.results.values()) == written.finished
    # Grouped: three declined and three rephrase wordings, each counted once per time it was asked.
    assert len(built.questions) == 6
    assert sum(q.count for q in built.questions) == written.kinds["declined"] + written.kinds["rephrase"]
    assert [q.newest for q in built.questions] == sorted((q.newest for q in built.questions), reverse=True)


def test_a_period_before_the_data_is_empty(generated):
    _, store, settings = generated
    built = report.build(store, report.period("2001-01-01", "2001-01-31"), settings.knowledge_dir)
    assert built.turns == 0 and built.questions == [] and "Nothing in this period" in render.report_page(built)


@pytest.mark.parametrize(
    "first, last, days, words",
    [
        ("2024-02-30", None, None, "not a date"),
        ("2024-05-02", "2024-05-01", None, "after it ends"),
        (None, None, "0", "between 1"),
        (None, None, "many", "whole number"),
        ("1900-01-01", "2024-01-01", None, "longer than"),
    ],
)
def test_bad_periods_are_refused_with_a_reason(first, last, days, words):
    with pytest.raises(report.PeriodError, match=words):
        report.period(first, last, days, today=TODAY)


def test_periods_include_both_days():
    chosen = report.period("2024-05-01", "2024-05-01", today=TODAY)
    assert chosen.end - chosen.start == 86_400
    assert report.period(today=TODAY).first == date(2024, 5, 2)
    assert report.period(days=7, today=TODAY).first == date(2024, 5, 25)


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(generated):
    _, store, settings = generated
    built = report.build(store, report.period(days=31), settings.knowledge_dir)
    built.questions[0].text = '=HYPERLINK("http://evil")'
    rows = list(csv.reader(io.StringIO(render.csv_text(built, "questions"))))
    assert rows[0][:4] == ["newest", "count", "kind", "question"] and rows[1][3].startswith("'=")
    with pytest.raises(ValueError):
        render.csv_text(built, "passwords")
    assert "Declined or not understood" in render.text(built)


def test_the_page_escapes_what_users_typed(generated):
    _, store, settings = generated
    built = report.build(store, report.period(days=31), settings.knowledge_dir)
    built.questions[0].text = "<script>alert(1)</script>"
    html = render.report_page(built)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_forget_and_retention_touch_only_their_conversations(tmp_path):
    path = tmp_path / "events.db"
    generate(path, 40, seed=5, days=10, now=time.time() - 20 * 86_400)  # idle for 20 days or more
    store = Store.open(Settings.from_env({"SQLITE_PATH": str(path)}))
    try:
        first = "bench-000000"
        total = sum(store.count(f"bench-{n:06d}") for n in range(40))
        deleted = people.forget(store, first)
        assert deleted > 0 and store.count(first) == 0
        assert sum(store.count(f"bench-{n:06d}") for n in range(40)) == total - deleted
        assert people.apply_retention(store, 0) == 0  # off
        assert people.apply_retention(store, 60) == 0  # none that old
        assert people.apply_retention(store, 19) == 39
        assert store.events_of("bench-000001") == []
    finally:
        store.close()


def test_a_memory_store_cannot_be_read_and_says_why():
    from insights.store import StoreUnavailable

    with pytest.raises(StoreUnavailable, match="TRACKER_STORE=memory"):
        Store.open(Settings.from_env({"TRACKER_STORE": "memory"}))


def test_no_table_yet_is_an_empty_report(tmp_path):
    store = Store.open(Settings.from_env({"SQLITE_PATH": str(tmp_path / "new.db")}))
    try:
        built = report.build(store, report.period(days=3), Settings().knowledge_dir)
        assert built.turns == 0 and people.forget(store, "anyone") == 0
    finally:
        store.close()


@pytest.mark.parametrize("sender", ["", "   ", "x" * 256, "a\nb"])
def test_bad_sender_ids_are_refused(sender):
    with pytest.raises(people.SenderError):
        people.check_sender(sender)
