"""One settings object: defaults, validation, secrets kept out of repr, and importable without Rasa."""

from __future__ import annotations

import subprocess
import sys

import pytest

from settings import ROOT, ConfigError, Settings


def test_defaults():
    settings = Settings.from_env({})
    assert (settings.rasa_port, settings.action_port, settings.web_port) == (5005, 5055, 8080)
    assert settings.action_endpoint_url == "http://localhost:5055/webhook"
    assert settings.web_public_url == "http://localhost:8080" and settings.allowed_origins == ("http://localhost:8080",)
    assert settings.tracker_store == "sqlite" and settings.sqlite_path == ROOT / "var" / "data" / "conversations.db"
    assert settings.lock_store == "memory" and settings.rasa_patches and settings.session_rollover_user_turns == 10
    assert settings.knowledge_dir == ROOT / "knowledge" and not settings.enable_api and not settings.slack_enabled


def test_values_from_the_environment_and_derived_urls():
    settings = Settings.from_env(
        {"RASA_PORT": "6000", "ACTION_PORT": "6001", "WEB_PORT": "6002", "WEB_ALLOWED_ORIGINS": "https://a.example/, *"}
    )
    assert settings.rasa_public_url == "http://localhost:6000"
    assert settings.action_endpoint_url == "http://localhost:6001/webhook"
    assert settings.allowed_origins == ("https://a.example", "*")
    assert Settings.from_env({"SQLITE_PATH": "var/x.db"}).sqlite_path == ROOT / "var" / "x.db"
    assert not Settings.from_env({"RASA_PATCHES": "off"}).rasa_patches
    assert (
        Settings.from_env({}).retention_days == 0 and Settings.from_env({"RETENTION_DAYS": "90"}).retention_days == 90
    )


@pytest.mark.parametrize(
    "env",
    [
        {"RASA_PORT": "fifty"},
        {"TRACKER_STORE": "mongo"},
        {"LOCK_STORE": "etcd"},
        {"REDIS_KEY_PREFIX": "a-b"},
        {"RASA_PATCHES": "maybe"},
        {"SESSION_ROLLOVER_USER_TURNS": "-1"},
        {"ACTION_TIMEOUT_SECONDS": "0"},
        {"SLACK_APP_TOKEN": "xoxb-a-bot-token-by-mistake", "SLACK_BOT_TOKEN": "xoxb-1"},
        {"RETENTION_DAYS": "-1"},
        {"RETENTION_DAYS": "a month"},
        {"METRICS": "maybe"},
        {"ADMIN_TOKEN": "too-short"},
    ],
)
def test_bad_values_are_refused_at_once(env):
    with pytest.raises(ConfigError):
        Settings.from_env(env)


def test_slack_mode_follows_the_app_token():
    """Socket Mode needs the bot and app-level tokens; the webhook needs the bot token and the signing secret."""
    socket_mode = Settings.from_env({"SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxb-1"})
    assert socket_mode.slack_socket_mode and socket_mode.slack_enabled
    webhook = Settings.from_env({"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1"})
    assert not webhook.slack_socket_mode and webhook.slack_enabled
    assert not Settings.from_env({"SLACK_APP_TOKEN": "xapp-1"}).slack_enabled


def test_secrets_stay_out_of_repr_and_round_trip_through_the_environment():
    env = {"POSTGRES_PASSWORD": "s3cret", "SLACK_BOT_TOKEN": "xoxb-1", "RASA_AUTH_TOKEN": "tok", "RASA_PORT": "7000"}
    settings = Settings.from_env(env)
    assert "s3cret" not in repr(settings) and "xoxb-1" not in repr(settings) and "tok" not in repr(settings)
    assert Settings.from_env(settings.as_env()) == settings


def test_importable_without_rasa():
    """The action server (rasa_sdk only) reads the same settings."""
    code = "import sys, settings\nsettings.Settings.from_env()\nassert 'rasa' not in sys.modules, 'rasa imported'"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)
