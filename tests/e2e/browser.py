"""Headless Chromium for the browser tests, and the chat widget on the page as a person uses it.

Chromium is Debian's (`make browser` installs it; Playwright cannot download browsers here). If it cannot start,
the browser tests fail: they are never skipped.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Dict, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output"
AXE_SCRIPT = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WAIT_MS = 30_000
# Records every Content-Security-Policy violation of the page (an init script is not itself subject to the policy).
RECORD_CSP_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__csp.push({directive: e.effectiveDirective, blocked: e.blockedURI}));
"""


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: run `make browser` (scripts/system_packages.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class Widget:
    """The page in a browser tab, and the chat widget on it."""

    def __init__(self, page, url: str) -> None:
        self.page, self.url = page, url
        self.errors: List[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.add_init_script(RECORD_CSP_VIOLATIONS)

    def open(self) -> None:
        self.page.goto(self.url)
        if not self.page.locator(".rw-conversation-container").count():
            self.page.locator(".rw-launcher").click()
        self.page.locator(".rw-conversation-container").wait_for(timeout=WAIT_MS)

    def transcript(self) -> str:
        return self.page.locator("#rw-messages").inner_text()

    def wait_for_text(self, text: str, times: int = 1) -> None:
        self.page.wait_for_function(
            "([text, times]) => (document.querySelector('#rw-messages')?.innerText || '').split(text).length > times",
            arg=[text, times],
            timeout=WAIT_MS,
        )

    def bot_messages(self) -> int:
        return self.page.locator(".rw-response").count()

    def wait_for_bot(self, before: int) -> None:
        self.page.wait_for_function(
            "(n) => document.querySelectorAll('.rw-response').length > n", arg=before, timeout=WAIT_MS
        )

    def say(self, text: str) -> None:
        self.page.locator(".rw-new-message").fill(text)
        self.page.keyboard.press("Enter")

    def replies(self) -> List[str]:
        return self.page.locator(".rw-replies .rw-reply").all_inner_texts()

    def click_reply(self, title: str | None = None, index: int = 0) -> None:
        replies = self.page.locator(".rw-replies").last.locator(".rw-reply")
        (replies.filter(has_text=title) if title else replies.nth(index)).first.click()

    def csp_violations(self) -> List[Dict[str, str]]:
        return self.page.evaluate("() => window.__csp || []")

    def axe(self) -> Dict[str, Any]:
        """axe-core's full report for the page as it is now (injected through DevTools, so the page's CSP, which
        allows no foreign script, stays on)."""
        self.page.evaluate(AXE_SCRIPT.read_text())
        return self.page.evaluate("() => axe.run(document)")
