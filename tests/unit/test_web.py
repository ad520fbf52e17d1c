"""The web page's pieces without servers: the salary chart, the page's escaping, the chart message per channel,
the socket.io channel's origin check and the runtime configuration of the widget."""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import charts as chart_links
from actions import knowledge_base
from actions.answer_actions import ActionAnswerQuestion
from service import runtime_config
from tests.conftest import ROOT, spacy_entities
from web import charts, page, server

ARTICLE = (ROOT / "knowledge" / "article.txt").read_text()


def money(amount: int) -> str:
    return f"${amount:,}"


def kb_copy(tmp_path: Path, old: str, new: str) -> knowledge_base.KnowledgeBase:
    """The knowledge base from a copy of knowledge/ with one edit."""
    directory = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", directory)
    article = directory / "article.yml"
    text = article.read_text()
    assert old in text
    article.write_text(text.replace(old, new))
    return knowledge_base.load(directory)


# ---- the chart ---------------------------------------------------------------------------------------------------
def test_chart_input_is_the_knowledge_files_figures(kb):
    raw = yaml.safe_load((ROOT / "knowledge" / "article.yml").read_text())
    rows = charts.salary_rows(kb)
    assert [(r.title, r.low, r.average, r.high) for r in rows] == [
        (role["title"], role["salary"]["low"], role["salary"]["average"], role["salary"]["high"])
        for role in raw["roles"].values()
    ]
    svg = charts.salary_svg(kb)
    for row in rows:
        assert row.title in svg
        for figure in (row.low, row.average, row.high):
            assert money(figure) in svg
    assert svg.startswith("<svg") and 'width="480"' in svg


def test_changing_the_knowledge_file_changes_the_chart_and_its_link(kb, tmp_path):
    changed = kb_copy(tmp_path, "average: 90074", "average: 91234")
    svg = charts.salary_svg(changed)
    assert money(91234) in svg and money(90074) not in svg
    env = {"WEB_PUBLIC_URL": "http://example.test:9000/"}
    assert chart_links.salary_chart_url(changed, env) != chart_links.salary_chart_url(kb, env)
    assert chart_links.salary_chart_url(kb, env).startswith("http://example.test:9000/charts/salary.svg?v=")


def test_chart_axis_covers_every_figure(tmp_path):
    changed = kb_copy(tmp_path, "high: 141749", "high: 241749")
    svg = charts.salary_svg(changed)
    assert money(241749) in svg and money(300000) in svg  # the axis grew to the next round tick
    for x, width in re.findall(r'<rect x="([\d.]+)" y="\d+" width="([\d.]+)"', svg):
        assert float(x) + float(width) <= charts.WIDTH - charts.RIGHT
    assert charts.nice_step(141749, ticks=3) == 50000 and charts.nice_step(241749, ticks=3) == 100000


def test_chart_text_is_escaped(tmp_path):
    changed = kb_copy(tmp_path, "title: Account manager", "title: Account <b>manager</b> & co")
    svg = charts.salary_svg(changed)
    assert "Account &lt;b&gt;manager&lt;/b&gt; &amp; co" in svg and "<b>" not in svg


# ---- the page ----------------------------------------------------------------------------------------------------
def test_page_renders_the_article(kb):
    html = page.render(ARTICLE, kb, page.WidgetSettings(socket_url="http://localhost:5005"))
    assert "<h1>Account Manager vs Project Manager: Roles and Differences Explained</h1>" in html
    assert '<h2 id="job-outlook-salary">Job Outlook &amp; Salary</h2>' in html
    assert '<h3 id="6-sales-involvement">6. Sales Involvement</h3>' in html
    assert "<li>Coordinating tasks among team members.</li>" in html
    assert "$90,074" in html and "Scroll to Top" not in html
    assert html.count("<script") == 2 and '<script src="/static/webchat.js"></script>' in html  # no inline script
    assert 'data-socket-url="http://localhost:5005"' in html and 'data-init-payload="/greet"' in html
    assert 'data-storage="local"' in html


def test_page_escapes_the_article_and_the_settings(kb):
    hostile = ARTICLE.replace(
        "Which Role is Right for You?\n",
        "Which Role is Right for You?\n\n<script>alert(1)</script> & <img src=x onerror=alert(2)>\n",
    )
    widget = page.WidgetSettings(socket_url='http://x"><script>alert(3)</script>', title="<b>t</b>")
    html = page.render(hostile, kb, widget)
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>t</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;" in html
    assert 'data-socket-url="http://x&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"' in html


def test_page_server_routes_and_security_headers(tmp_path):
    from aiohttp.test_utils import TestClient, TestServer

    bundle = tmp_path / "webchat.js"
    bundle.write_text("window.WebChat = {};")
    settings = server.Settings(
        port=8080,
        host="127.0.0.1",
        public_url="http://localhost:8080",
        rasa_url="http://localhost:5005",
        knowledge_dir=ROOT / "knowledge",
        widget_bundle=bundle,
    )

    async def scenario():
        async with TestClient(TestServer(server.create_app(settings))) as client:
            replies = {}
            for path in ("/", "/charts/salary.svg", "/static/webchat.js", "/static/page.js", "/health", "/nope"):
                reply = await client.get(path)
                replies[path] = (reply.status, reply.headers, await reply.text())
            return replies

    replies = asyncio.run(scenario())
    for path, (status, headers, _) in replies.items():
        assert status == (404 if path == "/nope" else 200), path
        policy = headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "script-src 'self';" in policy, path
        assert "connect-src http://localhost:5005 ws://localhost:5005;" in policy  # the Rasa server only
        assert "style-src-attr 'none'" in policy and "font-src" not in policy  # no style attributes, no fonts
        assert headers["X-Content-Type-Options"] == "nosniff"
    assert replies["/charts/salary.svg"][1]["Content-Type"].startswith("image/svg+xml")
    assert "$90,074" in replies["/charts/salary.svg"][2]
    assert replies["/static/webchat.js"][2] == "window.WebChat = {};"
    bundle.unlink()

    async def missing_bundle():
        async with TestClient(TestServer(server.create_app(settings))) as client:
            return (await client.get("/static/webchat.js")).status

    assert asyncio.run(missing_bundle()) == 503


# ---- the chart in the conversation -------------------------------------------------------------------------------
def salary_comparison(channel: str | None):
    text = "who earns more?"
    message = {
        "text": text,
        "intent": {"name": "ask_salary", "confidence": 0.9},
        "entities": spacy_entities(text),
        "intent_ranking": [],
    }
    events = [{"event": "user", "text": text, "parse_data": message, "input_channel": channel}]
    tracker = Tracker("web-test", {}, message, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    ActionAnswerQuestion().run(dispatcher, tracker, {})
    return dispatcher.messages


def test_the_web_widget_gets_the_chart_as_an_image(monkeypatch):
    monkeypatch.setenv("WEB_PUBLIC_URL", "https://chat.example.org")
    messages = salary_comparison("socketio")
    assert "$19,964" in messages[0]["text"]
    assert messages[-1]["image"].startswith("https://chat.example.org/charts/salary.svg?v=")


@pytest.mark.parametrize("channel", ["rest", "channels.rest.ValidatingRestInput", "cmdline", None])
def test_other_channels_get_text_only(channel):
    messages = salary_comparison(channel)
    assert len(messages) == 1 and not messages[0].get("image") and "$19,964" in messages[0]["text"]


def test_chart_url_defaults_to_the_web_port():
    assert chart_links.public_url({}) == "http://localhost:8080"
    assert chart_links.public_url({"WEB_PORT": "9090"}) == "http://localhost:9090"


# ---- socket.io channel and configuration -------------------------------------------------------------------------
def test_socketio_credentials_get_the_page_origin_by_default():
    creds, notes = runtime_config.credentials({"WEB_PORT": "8123"})
    assert "socketio" not in creds
    channel = creds[runtime_config.SOCKETIO_CHANNEL]
    assert channel["session_persistence"] is True and channel["user_message_evt"] == "user_uttered"
    assert channel["allowed_origins"] == ["http://localhost:8123"]
    assert any("http://localhost:8123" in note for note in notes)
    env = {"WEB_PUBLIC_URL": "https://www.example.org/articles", "WEB_ALLOWED_ORIGINS": ""}
    assert runtime_config.allowed_origins(env) == ["https://www.example.org"]
    env["WEB_ALLOWED_ORIGINS"] = "https://a.example, https://b.example/"
    assert runtime_config.allowed_origins(env) == ["https://a.example", "https://b.example"]


def test_rasa_gets_cors_for_the_allowed_origins():
    from service import launcher

    env = launcher.base_env(5055, {"WEB_ALLOWED_ORIGINS": "", "WEB_PUBLIC_URL": ""}, rasa_port=5005, web_port=8124)
    command, _ = launcher.rasa_command(5005, launcher.MODEL, env)
    assert command[command.index("--cors") + 1 :] == ["http://localhost:8124"]
    assert env["WEB_PUBLIC_URL"] == "http://localhost:8124" and env["RASA_PUBLIC_URL"] == "http://localhost:5005"


def test_socket_connections_from_other_origins_are_refused():
    from channels.socketio import OriginCheckedSocketIOInput

    channel = OriginCheckedSocketIOInput.from_credentials(
        {"session_persistence": True, "allowed_origins": ["http://localhost:8080"]}
    )
    received = []

    async def on_new_message(message):
        received.append(message)

    channel.blueprint(on_new_message)
    handlers = channel.sio.handlers["/"]

    async def scenario():
        connect = handlers["connect"]
        results = [
            await connect("s1", {"HTTP_ORIGIN": "http://localhost:8080"}, None),
            await connect("s2", {"HTTP_ORIGIN": "http://localhost:8080/"}, None),
            await connect("s3", {"HTTP_ORIGIN": "https://evil.example"}, None),
            await connect("s4", {}, None),  # not a browser
        ]
        for data in (["hi"], {"message": 5, "session_id": "x"}, {"message": "x" * 5001, "session_id": "x"}):
            await handlers["user_uttered"]("s1", data)
        return results

    assert asyncio.run(scenario()) == [True, True, False, True]
    assert received == []  # malformed messages never reach Rasa
