"""The page with the chat widget, in headless Chromium (tests/e2e/browser.py) against the real servers (action
server, Rasa, page server)."""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Dict, Tuple

import pytest
import yaml

from actions import knowledge_base
from tests.e2e.browser import SCREENSHOTS, WAIT_MS, Widget
from tests.e2e.conftest import ROOT, Chat

pytestmark = pytest.mark.e2e

XSS = "<img src=x onerror=window.__xss=1>"
KB = knowledge_base.read_raw()  # the article's facts and the reply wording, as the servers read them
QUESTIONS = yaml.safe_load((ROOT / "knowledge" / "assessment.yml").read_text())["questions"]
SALARY = {role: KB["roles"][role]["salary"] for role in ("account_manager", "project_manager")}
PM_AVERAGE = SALARY["project_manager"]["average"]  # $90,074
GAP = PM_AVERAGE - SALARY["account_manager"]["average"]  # $19,964


def money(amount: int) -> str:
    return f"{KB['salary']['currency_symbol']}{amount:,}"


def get(url: str, origin: str | None = None, data: bytes | None = None) -> Tuple[int, Dict[str, str], str]:
    headers = {"Origin": origin, "Content-Type": "text/plain;charset=UTF-8"} if origin else {}
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers), timeout=15) as reply:
        return reply.status, dict(reply.headers), reply.read().decode()


def test_page_shows_the_article_under_a_strict_policy(stack):
    status, headers, html = get(stack.web_url)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-eval" not in policy and "default-src 'none'" in policy
    assert f"http://localhost:{stack.rasa_port}" in policy  # the only other server the page may connect to
    assert all(re.search(r'src="/static/[a-z]+\.js"', tag) for tag in re.findall(r"<script[^>]*>", html))
    for key, section in KB["sections"].items():
        if key == "intro":  # the introduction has no heading in the article
            continue
        assert f">{section.replace('&', '&amp;')}</h2>" in html
    assert money(PM_AVERAGE) in html
    assert f'data-socket-url="http://localhost:{stack.rasa_port}"' in html
    status, headers, script = get(stack.web_url + "static/webchat.js")
    assert status == 200 and "WebChat" in script[:2000]  # served by the page server itself: no CDN
    status, headers, svg = get(stack.web_url + "charts/salary.svg")
    assert headers["Content-Type"].startswith("image/svg+xml") and money(PM_AVERAGE) in svg


def test_socket_and_cors_accept_only_the_page_origin(stack):
    page_origin = stack.web_url.rstrip("/")
    base = f"http://localhost:{stack.rasa_port}/socket.io/?EIO=4&transport=polling"

    def connect(origin: str) -> Tuple[str | None, str]:
        """An engine.io handshake and a socket.io CONNECT over long-polling, as a browser on `origin` sends it."""
        _, headers, body = get(base, origin)
        sid = json.loads(body[1:])["sid"]
        get(f"{base}&sid={sid}", origin, data=b"40")
        return headers.get("Access-Control-Allow-Origin"), get(f"{base}&sid={sid}", origin)[2]

    allowed, reply = connect(page_origin)
    assert allowed == page_origin and reply.startswith("40{")
    allowed, reply = connect("http://evil.example")
    assert allowed is None and reply.startswith("44")  # refused


def test_rest_answers_carry_no_image(stack):
    messages = Chat(stack.rest_url).say("who earns more?")
    assert any(money(PM_AVERAGE) in m.get("text", "") for m in messages)
    assert not any("image" in m for m in messages)


def test_chat_on_the_page(stack, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        widget = Widget(context.new_page(), stack.web_url)
        widget.open()

        # The greeting (initPayload /greet) with suggestion buttons.
        widget.wait_for_text("Hi! I answer questions")
        widget.page.locator(".rw-replies .rw-reply").first.wait_for(timeout=WAIT_MS)
        assert KB["topics"]["salary"]["example"] in widget.replies() and len(widget.replies()) >= 4

        # A salary question, then the comparison by button: figures in bold, and the chart as an image.
        widget.say("How much do project managers earn?")
        widget.wait_for_text(money(PM_AVERAGE))
        assert widget.page.locator(".rw-markdown strong", has_text=money(PM_AVERAGE)).count() >= 1
        widget.click_reply(KB["topics"]["salary"]["example"])
        widget.wait_for_text(money(GAP))
        chart = widget.page.locator("img.rw-image-frame").last
        chart.wait_for(timeout=WAIT_MS)
        assert "/charts/salary.svg" in chart.get_attribute("src")
        widget.page.wait_for_function(
            "() => [...document.querySelectorAll('img.rw-image-frame')].some(i => i.complete && i.naturalWidth > 0)",
            timeout=WAIT_MS,
        )

        # What a user types is shown as text, never run as HTML.
        before = widget.bot_messages()
        widget.say(XSS)
        widget.wait_for_bot(before)
        widget.page.wait_for_timeout(500)
        assert widget.page.evaluate("() => window.__xss") is None
        assert widget.page.locator('img[src="x"]').count() == 0
        assert widget.page.locator(".rw-client *:not(.rw-message-text)").count() == 0  # user bubbles: text only
        assert XSS in widget.page.locator(".rw-client").last.inner_text()

        # The assessment, by buttons: account-manager answers except the last.
        widget.say("help me decide between AM and PM")
        for number in range(1, len(QUESTIONS) + 1):
            widget.wait_for_text(f"Question {number} of {len(QUESTIONS)}")
            widget.click_reply(index=0 if number < len(QUESTIONS) else 1)
        widget.wait_for_text("Your best fit: Account manager")
        widget.wait_for_text(f"Account manager {len(QUESTIONS) - 1} : 1 project manager")
        widget.page.screenshot(path=str(SCREENSHOTS / "web-widget.png"))

        # Reload: the history is still there, and the conversation continues in the same Rasa session.
        widget.page.reload()
        widget.open()
        widget.wait_for_text("Your best fit: Account manager")
        assert money(GAP) in widget.transcript() and XSS in widget.transcript()
        widget.say("what was my result?")
        widget.wait_for_text("Your best fit: Account manager", times=2)
        assert widget.transcript().count("Hi! I answer questions") == 1  # continued, not started over
        assert widget.page.evaluate("() => window.__xss") is None
        widget.page.screenshot(path=str(SCREENSHOTS / "web-widget-after-reload.png"))
        assert widget.errors == []
    finally:
        context.close()
