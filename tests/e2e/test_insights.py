"""Insights and data requests end to end, on real SQLite and real PostgreSQL: conversations made over REST and
Slack (signed webhook, fake Slack Web API), then the report, the CSV, the export and the deletion checked against
what was said, through the page server's endpoints, the `make` commands and, once, Chromium."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Dict, List, Tuple

import pytest

from service import launcher
from tests.e2e.browser import SCREENSHOTS
from tests.e2e.conftest import LOG_DIR, ROOT, Chat, free_port
from tests.e2e.fake_slack import FakeSlackAPI, dm, new_id, text_of
from tests.e2e.services import Postgres, ensure_packages
from tests.e2e.test_slack import BOT_TOKEN, SIGNING_SECRET, SlackWebhook

pytestmark = pytest.mark.e2e

TOKEN = "e2e-admin-" + uuid.uuid4().hex
QUESTION_COUNT = 8  # knowledge/assessment.yml
REPHRASE_TEXT = "not sure I understood"
DECLINE_TEXT = "doesn't cover"


def http(method: str, url: str, token: str | None = TOKEN, body: bytes | None = None, headers=None):
    """(status, headers, body) of one request; `token` sent as a Bearer header (None: no header)."""
    sent = dict(headers or {})
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=body, method=method, headers=sent)
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, dict(reply.headers), reply.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def cli(env: Dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """`make <args>` as an operator runs it, against the same tracker store as the servers."""
    return subprocess.run(
        ["make", "-s", "--no-print-directory", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def fake_slack():
    api = FakeSlackAPI()
    yield api
    api.stop()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def admin(request, tmp_path_factory, fake_slack):
    """The whole stack with ADMIN_TOKEN and Slack on, over one tracker store of each kind."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    env = {
        "ADMIN_TOKEN": TOKEN,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
        "WEB_PUBLIC_URL": "",
        "RASA_PUBLIC_URL": "",
        "WEB_ALLOWED_ORIGINS": "",
    }
    postgres = None
    if request.param == "sqlite":
        env.update({"TRACKER_STORE": "sqlite", "SQLITE_PATH": str(tmp_path_factory.mktemp("insights") / "e2e.db")})
    else:
        ensure_packages()
        postgres = Postgres(uuid.uuid4().hex).start()
        env.update(postgres.tracker_store_env())
    try:
        stack = launcher.start(
            free_port(), free_port(), extra_env=env, log_dir=LOG_DIR, with_web=True, web_port=free_port()
        )
    except BaseException:
        if postgres is not None:
            postgres.stop()
        raise
    operator_env = {**os.environ, **env}
    operator_env.pop("MAKEFLAGS", None)
    yield SimpleNamespace(
        backend=request.param,
        stack=stack,
        env=operator_env,
        postgres=postgres,
        web=f"http://localhost:{stack.web_port}",
    )
    stack.stop()
    if postgres is not None:
        postgres.stop()


def stored(admin, sender: str) -> List[Tuple[str, str]]:
    """(type_name, data) of every row the tracker store holds for `sender`, read with the database's own driver."""
    if admin.backend == "sqlite":
        with sqlite3.connect(admin.env["SQLITE_PATH"]) as connection:
            query = "SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id"
            return list(connection.execute(query, (sender,)))
    connection = admin.postgres.connect()
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT type_name, data FROM events WHERE sender_id = %s ORDER BY id", (sender,))
        return list(cursor.fetchall())
    finally:
        connection.close()


def all_senders(admin) -> Dict[str, int]:
    if admin.backend == "sqlite":
        with sqlite3.connect(admin.env["SQLITE_PATH"]) as connection:
            return dict(connection.execute("SELECT sender_id, count(*) FROM events GROUP BY sender_id"))
    connection = admin.postgres.connect()
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT sender_id, count(*) FROM events GROUP BY sender_id")
        return dict(cursor.fetchall())
    finally:
        connection.close()


@pytest.fixture(scope="module")
def said(admin, fake_slack):
    """Conversations over REST and Slack; what the assistant replied is recorded, so the report can be checked
    against it rather than against assumptions about the model."""
    rest = Chat(admin.stack.rest_url)
    record = SimpleNamespace(rest=rest.sender, replies=[], declined=0, rephrase=0, turns=0)

    def say(chat: Chat, text: str) -> str:
        reply = chat.text(text)
        record.turns += 1
        record.replies.append((text, reply))
        record.declined += DECLINE_TEXT in reply
        record.rephrase += REPHRASE_TEXT in reply
        return reply

    say(rest, "hi")
    assert "$" in say(rest, "what do project managers earn?")
    assert DECLINE_TEXT in say(rest, "How much do PMs earn in the UK?")
    assert DECLINE_TEXT in say(rest, "how much do pms earn in the uk??")  # the same question: one group of 2
    assert REPHRASE_TEXT in say(rest, "qwpoeiru zxmcnv")

    finisher = Chat(admin.stack.rest_url)  # the whole assessment, every answer the account manager's
    assert "Question 1 of" in say(finisher, "take the quiz")
    for _ in range(QUESTION_COUNT):
        last = say(finisher, "/prefer_account")
    assert "account manager" in last.lower()

    leaver = Chat(admin.stack.rest_url)  # leaves at question 3
    say(leaver, "take the quiz")
    say(leaver, "/prefer_project")
    assert "Question 3 of" in say(leaver, "/prefer_project")
    say(leaver, "stop")
    say(leaver, "yes")
    record.finisher, record.leaver = finisher.sender, leaver.sender

    # Slack: Rasa's Slack channel keys a conversation by user and channel; the person is the Slack user id.
    user, channel = new_id("U"), new_id("D")
    webhook = SlackWebhook(f"http://localhost:{admin.stack.rasa_port}/webhooks/slack/webhook")
    assert webhook.event(dm(user, channel, "what does an account manager do?"))[0] == 200
    fake_slack.wait_for(channel, lambda p: "account manager" in text_of(p).lower())
    assert webhook.event(dm(user, channel, "what about product managers?"))[0] == 200
    declined = fake_slack.wait_for(channel, lambda p: DECLINE_TEXT in text_of(p), after=1)
    record.slack_user, record.slack_sender, record.slack_declined = user, f"{user}_{channel}", text_of(declined)
    record.declined += 1
    record.turns += 2
    _wait_for_stored(admin, record.slack_sender, 2)
    return record


def _wait_for_stored(admin, sender: str, user_messages: int, timeout: float = 30) -> None:
    """Slack replies are posted before the turn is saved: wait until both messages are in the store."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if sum(kind == "user" for kind, _ in stored(admin, sender)) >= user_messages:
            return
        time.sleep(0.2)
    raise AssertionError(f"{sender}'s messages were not stored within {timeout} s")


def report_json(admin, query: str = "") -> Dict[str, Any]:
    status, _, body = http("GET", f"{admin.web}/insights/report.json{query}")
    assert status == 200, body
    return json.loads(body)


def test_report_counts_what_was_said(admin, said):
    report = report_json(admin)
    assert report["conversations"] == 4 and report["turns"] == said.turns
    assert report["channels"] == {"rest": said.turns - 2, "slack": 2}
    assert report["kinds"].get("declined", 0) == said.declined == 3
    assert report["kinds"].get("rephrase", 0) == said.rephrase == 1
    assert report["kinds"].get("answered", 0) >= 2 and report["topics"].get("salary", 0) >= 1
    # Newest first; the two UK questions are one group with the reply given.
    questions = report["questions"]
    assert [q["newest"] for q in questions] == sorted((q["newest"] for q in questions), reverse=True)
    assert (questions[0]["text"], questions[0]["sender"]) == ("what about product managers?", said.slack_sender)
    assert DECLINE_TEXT in questions[0]["reply"]
    uk = [q for q in questions if "uk" in q["text"].lower()]
    assert len(uk) == 1 and uk[0]["count"] == 2 and uk[0]["text"] == "how much do pms earn in the uk??"
    assert DECLINE_TEXT in uk[0]["reply"] and uk[0]["conversation"] == f"/insights/conversations/{said.rest}"
    funnel = report["funnel"]
    assert (funnel["started"], funnel["finished"]) == (2, 1)
    first, second, third = funnel["questions"][:3]
    assert funnel["reached"][first] == funnel["reached"][second] == funnel["reached"][third] == 2
    assert funnel["reached"][funnel["questions"][-1]] == 1
    assert funnel["abandoned"] == {third: 1}
    assert report["results"] == {"account_manager": 1}
    # A period before any of it is empty; the page says so rather than failing.
    empty = report_json(admin, "?from=2020-01-01&to=2020-01-31")
    assert empty["turns"] == 0 and empty["questions"] == []


def test_make_insights_prints_the_same_report_and_exports_csv(admin, said, tmp_path):
    run = cli(admin.env, "insights")
    assert run.returncode == 0, run.stderr
    assert f"4 conversations, {said.turns} messages from users" in run.stdout
    assert "how much do pms earn in the uk??" in run.stdout and "×2" in run.stdout
    assert "Assessment: 2 started, 1 finished, 1 abandoned" in run.stdout
    out = tmp_path / "questions.csv"
    assert cli(admin.env, "insights", f"CSV={out}").returncode == 0
    rows = list(csv.DictReader(out.open()))
    assert {r["question"] for r in rows} >= {"how much do pms earn in the uk??", "what about product managers?"}
    status, headers, body = http("GET", f"{admin.web}/insights/export.csv?part=funnel")
    assert (
        status == 200
        and headers["Content-Type"].startswith("text/csv")
        and "attachment" in headers["Content-Disposition"]
    )
    funnel = dict(tuple(row) for row in csv.reader(io.StringIO(body.decode())) if row)
    assert funnel["started"] == "2" and funnel["finished"] == "1"


def test_the_page_in_chromium_signs_in_shows_charts_and_conversations(admin, said, browser):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(f"{admin.web}/insights")
    assert response.status == 401 and page.locator("input[type=password]").count() == 1
    page.fill("#token", "wrong-" + TOKEN)
    page.click("button[type=submit]")
    assert "Wrong token" in page.locator("[role=alert]").inner_text()
    page.fill("#token", TOKEN)
    page.click("button[type=submit]")
    page.wait_for_url(f"{admin.web}/insights")
    assert TOKEN not in page.url
    cookie = next(c for c in context.cookies() if c["name"] == "insights_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and TOKEN not in cookie["value"]
    assert page.evaluate("document.cookie") == ""  # not readable by scripts
    assert page.locator("main svg").count() >= 5
    assert page.locator("#conversations b").inner_text() == str(report_json(admin)["conversations"]) == "4"
    inbox = page.locator("#unanswered-questions tbody")
    assert "how much do pms earn in the uk??" in inbox.inner_text()
    page.screenshot(path=str(SCREENSHOTS / f"insights-page-{admin.backend}.png"), full_page=True)
    # The period picker, then a conversation in full.
    page.fill("input[name=from]", "2020-01-01")
    page.fill("input[name=to]", "2020-01-31")
    page.click("form[action='/insights'] button")
    assert "None in this period" in page.locator("#unanswered-questions").inner_text()
    page.go_back()
    page.locator("#unanswered-questions a", has_text="conversation").first.click()
    page.wait_for_url("**/insights/conversations/**")
    assert "what about product managers?" in page.locator("main").inner_text()
    # Signed out, the page is closed again.
    page.goto(f"{admin.web}/insights")
    page.click("text=Sign out")
    assert page.goto(f"{admin.web}/insights").status == 401
    context.close()


def test_a_person_s_data_is_exported_then_deleted_and_everyone_else_is_served(admin, said, tmp_path):
    before = all_senders(admin)
    # Export over HTTP (REST sender) and with make (Slack user id): everything they said is in it.
    status, headers, body = http("GET", f"{admin.web}/insights/people/{said.rest}")
    assert status == 200 and "attachment" in headers["Content-Disposition"]
    exported = json.loads(body)
    (conversation,) = exported["conversations"]
    texts = [e.get("text") for e in conversation["events"] if e.get("event") == "user"]
    assert texts == [text for text, _ in said.replies[: len(texts)]] and len(texts) == 5
    assert exported["event_count"] == len(stored(admin, said.rest)) and exported["person"] == said.rest
    out = tmp_path / "slack.json"
    run = cli(admin.env, "export", f"SENDER={said.slack_user}", f"OUT={out}")
    assert run.returncode == 0, run.stderr
    (conversation,) = json.loads(out.read_text())["conversations"]
    assert conversation["sender_id"] == said.slack_sender
    slack_texts = [e.get("text") for e in conversation["events"] if e.get("event") == "user"]
    assert slack_texts == ["what does an account manager do?", "what about product managers?"]

    # Delete: the endpoint for the REST sender, `make forget` for the Slack user.
    status, _, body = http("DELETE", f"{admin.web}/insights/people/{said.rest}")
    assert status == 200 and json.loads(body)["deleted_events"] == before[said.rest]
    run = cli(admin.env, "forget", f"SENDER={said.slack_user}")
    assert run.returncode == 0 and f"Deleted {before[said.slack_sender]} events" in run.stdout
    assert stored(admin, said.rest) == [] and stored(admin, said.slack_sender) == []
    after = all_senders(admin)
    assert after == {s: n for s, n in before.items() if s not in (said.rest, said.slack_sender)}
    # The report no longer shows them; the assistant still serves the others, and the deleted person starts afresh.
    report = report_json(admin)
    assert report["conversations"] == 2 and not any(q["sender"] == said.rest for q in report["questions"])
    other = Chat(admin.stack.rest_url)
    other.sender = said.finisher
    assert "account manager" in other.text("what was my result?").lower()
    again = Chat(admin.stack.rest_url)
    again.sender = said.rest
    assert "$" in again.text("what do project managers earn?")
    assert sum(kind == "user" for kind, _ in stored(admin, said.rest)) == 1
    # Deleting again: nothing is left to delete, said clearly.
    run = cli(admin.env, "forget", "SENDER=nobody-" + uuid.uuid4().hex)
    assert run.returncode != 0 and "Nothing is stored" in run.stderr


def test_bad_input_gets_a_clear_4xx_and_loses_nothing(admin, said):
    before = all_senders(admin)
    web = admin.web
    assert http("GET", f"{web}/insights/report.json", token="wrong-" + TOKEN)[0] == 401
    assert http("GET", f"{web}/insights/report.json", token=None)[0] == 401
    status, headers, _ = http("DELETE", f"{web}/insights/people/{said.finisher}", token="wrong-" + TOKEN)
    assert status == 401 and headers.get("WWW-Authenticate", "").startswith("Bearer")
    for query, words in (
        ("?from=2024-02-30", "not a date"),
        ("?from=2024-03-01&to=2024-02-01", "after it ends"),
        ("?from=yesterday", "not a date"),
        ("?days=-3", "between"),
    ):
        status, _, body = http("GET", f"{web}/insights/report.json{query}")
        assert status == 400 and words in json.loads(body)["error"], (query, body)
    assert http("GET", f"{web}/insights/export.csv?part=passwords")[0] == 400
    unknown = "nobody-" + uuid.uuid4().hex
    assert http("GET", f"{web}/insights/people/{unknown}")[0] == 404
    assert http("DELETE", f"{web}/insights/people/{unknown}")[0] == 404
    assert http("GET", f"{web}/insights/people/{'x' * 300}")[0] == 400
    # A huge export (more events than one response may carry) is refused, and the events stay.
    huge = "huge-" + uuid.uuid4().hex
    rows = [(huge, "slot", time.time(), None, None, json.dumps({"event": "slot", "name": "x", "value": 1}))]
    rows *= 20_001
    insert_rows(admin, rows)
    status, _, body = http("GET", f"{web}/insights/people/{huge}")
    assert status == 413 and "make export" in json.loads(body)["error"]
    assert len(stored(admin, huge)) == 20_001
    run = cli(admin.env, "insights", "FROM=2024-13-01")
    assert run.returncode == 2 and "not a date" in run.stderr
    after = all_senders(admin)
    assert {s: n for s, n in after.items() if s != huge} == before
    assert http("DELETE", f"{web}/insights/people/{huge}")[0] == 200


def insert_rows(admin, rows) -> None:
    sql = "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) VALUES "
    if admin.backend == "sqlite":
        with sqlite3.connect(admin.env["SQLITE_PATH"]) as connection:
            connection.executemany(sql + "(?, ?, ?, ?, ?, ?)", rows)
        return
    connection = admin.postgres.connect()
    try:
        connection.cursor().executemany(sql + "(%s, %s, %s, %s, %s, %s)", rows)
        connection.commit()
    finally:
        connection.close()


def test_the_token_is_in_no_log(admin, said):
    stack = admin.stack
    names = (f"web-{stack.web_port}.log", f"rasa-{stack.rasa_port}.log", f"actions-{stack.action_port}.log")
    logs = [LOG_DIR / name for name in names]
    text = "".join(p.read_text(errors="replace") for p in logs if p.exists())
    assert text and TOKEN not in text


def test_without_a_token_the_page_is_off_and_says_how_to_turn_it_on(tmp_path):
    port = free_port()
    env = {**os.environ, "ADMIN_TOKEN": "", "SQLITE_PATH": str(tmp_path / "none.db"), "WEB_PORT": str(port)}
    server = subprocess.Popen([sys.executable, "-m", "web.server"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        launcher.wait_until(f"http://localhost:{port}/health", server, 60, "The page server")
        status, _, body = http("GET", f"http://localhost:{port}/insights", token=None)
        assert status == 503 and b"ADMIN_TOKEN" in body and b"openssl rand" in body
        assert http("DELETE", f"http://localhost:{port}/insights/people/x", token="anything")[0] == 503
        assert http("GET", f"http://localhost:{port}/", token=None)[0] == 200  # the rest of the page server works
    finally:
        server.terminate()
        server.wait(20)


def test_retention_removes_old_conversations_and_keeps_recent_ones(tmp_path):
    from bench.insights import generate

    old, recent = tmp_path / "old.db", tmp_path / "recent.db"
    generate(old, 30, now=time.time() - 40 * 86_400, days=5)
    generate(recent, 20, days=5)
    with sqlite3.connect(old) as connection:  # one store holding both
        connection.execute("UPDATE events SET sender_id = 'old-' || sender_id")
        connection.execute(f"ATTACH DATABASE '{recent}' AS recent")
        connection.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
            "SELECT sender_id, type_name, timestamp, intent_name, action_name, data FROM recent.events"
        )
    port = free_port()
    env = {**os.environ, "RETENTION_DAYS": "30", "SQLITE_PATH": str(old), "WEB_PORT": str(port), "ADMIN_TOKEN": ""}
    server = subprocess.Popen([sys.executable, "-m", "web.server"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        launcher.wait_until(f"http://localhost:{port}/health", server, 60, "The page server")
        end = time.monotonic() + 20
        while time.monotonic() < end:
            with sqlite3.connect(old) as connection:
                senders = [s for (s,) in connection.execute("SELECT DISTINCT sender_id FROM events")]
            if not any(s.startswith("old-") for s in senders):
                break
            time.sleep(0.2)
        assert len(senders) == 20 and not any(s.startswith("old-") for s in senders)
    finally:
        server.terminate()
        server.wait(20)
    assert Path(old).exists()


def test_a_web_widget_visitor_is_exported_and_deleted_by_session_id(admin, browser):
    from tests.e2e.browser import Widget

    context = browser.new_context()
    widget = Widget(context.new_page(), f"{admin.web}/")
    widget.open()
    widget.say("what do project managers earn?")
    widget.wait_for_text("$90,074")
    session = json.loads(widget.page.evaluate("localStorage.getItem('chat_session')"))["session_id"]
    status, _, body = http("GET", f"{admin.web}/insights/people/{session}")
    assert status == 200
    (conversation,) = json.loads(body)["conversations"]
    users = [e for e in conversation["events"] if e.get("event") == "user"]
    # The widget opens the conversation with its greeting payload, then the question typed.
    assert [(e["text"], e["input_channel"]) for e in users] == [
        ("/greet", "socketio"),
        ("what do project managers earn?", "socketio"),
    ]
    assert report_json(admin)["channels"].get("socketio") == 2
    # The operator deletes it with the page's data-request form.
    page = context.new_page()
    page.goto(f"{admin.web}/insights")
    page.fill("#token", TOKEN)
    page.click("button[type=submit]")
    page.fill("#sender", session)
    page.click("button[value=delete]")
    page.wait_for_url("**/insights?notice=*")
    assert f"Deleted {len(conversation['events'])} stored events" in page.locator("[role=status]").inner_text()
    assert stored(admin, session) == [] and report_json(admin)["channels"].get("socketio") is None
    context.close()
    # An id holding a slash is one id, not a path: 404 (nothing stored), not a server error.
    assert http("GET", f"{admin.web}/insights/people/a/b")[0] == 404


def test_a_broken_store_gets_a_503_with_a_reason_and_the_page_server_stays_up(tmp_path):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not an SQLite database " * 100)
    port = free_port()
    env = {**os.environ, "ADMIN_TOKEN": TOKEN, "SQLITE_PATH": str(broken), "WEB_PORT": str(port)}
    server = subprocess.Popen([sys.executable, "-m", "web.server"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        launcher.wait_until(f"http://localhost:{port}/health", server, 60, "The page server")
        status, _, body = http("GET", f"http://localhost:{port}/insights/report.json")
        assert status == 503 and "tracker store" in json.loads(body)["error"]
        assert http("DELETE", f"http://localhost:{port}/insights/people/someone")[0] == 503
        assert http("GET", f"http://localhost:{port}/health", token=None)[0] == 200
    finally:
        server.terminate()
        server.wait(20)
    assert broken.read_bytes().startswith(b"this is not an SQLite database")  # left as it was
