"""Is a webhook request really from Slack? Slack's v0 request signature, checked with slack_sdk's
`SignatureVerifier`, plus a reason for every refusal so the log says why a request got a 401."""

from __future__ import annotations

from slack_sdk.signature import Clock, SignatureVerifier

MAX_REQUEST_AGE_S = 5 * 60  # Slack's own limit, and SignatureVerifier's


class FixedClock(Clock):
    """A clock that says one time (for tests and for checking a request against the time it arrived)."""

    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


def rejection(verifier: SignatureVerifier, timestamp: str | None, given: str | None, body: bytes) -> str | None:
    """Why a request must be refused (unsigned, stale or forged), or None when it is authentic.

    SignatureVerifier answers only yes or no (and raises on a malformed timestamp or a body that is not UTF-8),
    so the cheap checks come first, each with its reason.
    """
    if not timestamp or not given:
        return "missing X-Slack-Signature or X-Slack-Request-Timestamp"
    try:
        sent = int(timestamp)
    except ValueError:
        return "malformed X-Slack-Request-Timestamp"
    if abs(verifier.clock.now() - sent) > MAX_REQUEST_AGE_S:
        return "stale X-Slack-Request-Timestamp (more than 5 minutes off)"
    try:
        valid = verifier.is_valid(body=body, timestamp=timestamp, signature=given)
    except UnicodeDecodeError:
        valid = False
    return None if valid else "wrong X-Slack-Signature"
