"""The insights' sign-in: a cookie that holds an expiry and its HMAC (never the token), checked in constant time."""

from __future__ import annotations

import time

import pytest

from settings import ConfigError, Settings
from web import admin

TOKEN = "a-long-admin-token-for-tests"


def test_a_session_cookie_is_valid_until_it_expires_and_only_for_its_token():
    now = time.time()
    cookie = admin.session_cookie(TOKEN, now)
    assert TOKEN not in cookie
    assert admin.valid_cookie(TOKEN, cookie, now + 60)
    assert not admin.valid_cookie(TOKEN, cookie, now + admin.SESSION_SECONDS + 1)  # expired
    assert not admin.valid_cookie("another-token-of-some-length", cookie, now)  # the token changed: signed out
    expiry, signature = cookie.split(".")
    assert not admin.valid_cookie(TOKEN, f"{int(expiry) + 3600}.{signature}", now)  # a longer life is not signed
    for forged in ("", "abc", "1.2", f"{expiry}.", "x.y", None):
        assert not admin.valid_cookie(TOKEN, forged, now)


def test_tokens_are_compared_whole():
    assert admin.same_token(TOKEN, TOKEN)
    assert not admin.same_token(TOKEN, TOKEN[:-1]) and not admin.same_token(TOKEN, TOKEN + "x")
    assert not admin.same_token(TOKEN, "")


def test_a_short_admin_token_is_refused_and_none_means_off():
    with pytest.raises(ConfigError, match="ADMIN_TOKEN"):
        Settings.from_env({"ADMIN_TOKEN": "short"})
    assert not Settings.from_env({}).insights_enabled
    assert TOKEN not in repr(Settings.from_env({"ADMIN_TOKEN": TOKEN}))
