"""Writes the credentials and endpoints files a Rasa server runs with, from the committed files plus the settings.

The committed `credentials.yml` and `endpoints.yml` hold the defaults; optional channels and stores that depend on
settings (Slack tokens, database URLs) are added here, so no secret is ever written to a committed file and an
unset variable simply leaves a feature off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple, Union

import yaml

from settings import ROOT, ConfigError, Settings, origin_of, parse_origins  # noqa: F401  (re-exported)

RUNTIME_DIR = ROOT / "var" / "runtime"
DEFAULT_SQLITE_PATH = Settings().sqlite_path

# Rasa's socket.io channel plus an origin allow-list (channels/socketio.py); it is still named "socketio".
SOCKETIO_CHANNEL = "channels.socketio.OriginCheckedSocketIOInput"
SLACK_CHANNEL_CLASS = "channels.slack.SlackChannel"
SLACK_SOCKET_MODE_CLASS = "channels.slack.SlackSocketModeChannel"
# Rasa's Redis lock store with atomic ticket updates (rasa_patches/lock_store.py), unless RASA_PATCHES=off.
ATOMIC_LOCK_STORE = "rasa_patches.lock_store.AtomicRedisLockStore"

SettingsOrEnv = Union[Settings, Mapping[str, str]]


def as_settings(value: SettingsOrEnv) -> Settings:
    """The settings themselves, or read from an environment mapping (tests pass one)."""
    return value if isinstance(value, Settings) else Settings.from_env(value)


def allowed_origins(value: SettingsOrEnv) -> List[str]:
    """Origins whose pages may talk to the Rasa server from a browser (see Settings.allowed_origins)."""
    return list(as_settings(value).allowed_origins)


def slack(settings: SettingsOrEnv) -> Tuple[Dict[str, Any] | None, str]:
    """The Slack channel's credentials (None when off) and a note saying whether and how it is served: Socket
    Mode when SLACK_APP_TOKEN is set, else the webhook.

    Secrets are written as `${VARIABLE}` references, which Rasa expands from its own environment when it reads the
    file, so no token ever lands on disk.
    """
    settings = as_settings(settings)  # a bot or user token in SLACK_APP_TOKEN is refused there (ConfigError)
    if settings.slack_socket_mode:
        if not settings.slack_bot_token.strip():
            return None, "Slack: off (SLACK_BOT_TOKEN is not set; Socket Mode needs it and SLACK_APP_TOKEN)"
        config: Dict[str, Any] = {"slack_token": "${SLACK_BOT_TOKEN}", "slack_app_token": "${SLACK_APP_TOKEN}"}
        where = "Slack: on (Socket Mode): connects out to Slack with SLACK_APP_TOKEN, no public URL needed"
    else:
        missing = [
            name
            for name, value in (
                ("SLACK_BOT_TOKEN", settings.slack_bot_token),
                ("SLACK_SIGNING_SECRET", settings.slack_signing_secret),
            )
            if not value.strip()
        ]
        if len(missing) == 2:
            return None, (
                "Slack: off (set SLACK_APP_TOKEN and SLACK_BOT_TOKEN for Socket Mode, "
                "or SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET for the webhook)"
            )
        if missing:
            needs = "Slack needs both SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"
            return None, f"Slack: off ({missing[0]} is not set; {needs})"
        config = {"slack_token": "${SLACK_BOT_TOKEN}", "slack_signing_secret": "${SLACK_SIGNING_SECRET}"}
        url = f"http://localhost:{settings.rasa_port}/webhooks/slack/webhook"
        where = f"Slack: on at {url} (Events API and interactivity request URL, behind your public HTTPS address)"
    if settings.slack_channel:
        config["slack_channel"] = settings.slack_channel
    if settings.slack_api_url:
        config["api_url"] = settings.slack_api_url
    if config.get("slack_channel"):
        where += f"; answers every message in {config['slack_channel']}"
    return config, where


def credentials(settings: SettingsOrEnv) -> Tuple[Dict[str, Any], List[str]]:
    """The channels to serve, and notes for the operator about optional channels left off."""
    settings = as_settings(settings)
    config = yaml.safe_load((ROOT / "credentials.yml").read_text()) or {}
    notes: List[str] = []
    if "socketio" in config:
        origins = list(settings.allowed_origins)
        config[SOCKETIO_CHANNEL] = {**(config.pop("socketio") or {}), "allowed_origins": origins}
        notes.append(f"Web widget:     socket.io channel, browser origins allowed: {' '.join(origins)}")
    slack_config, slack_note = slack(settings)
    if slack_config is not None:
        socket_mode = "slack_app_token" in slack_config
        config[SLACK_SOCKET_MODE_CLASS if socket_mode else SLACK_CHANNEL_CLASS] = slack_config
    notes.append(slack_note)
    return config, notes


def tracker_store(settings: SettingsOrEnv) -> Tuple[Dict[str, Any] | None, str]:
    """Rasa's SQL tracker store: embedded SQLite under var/ by default, PostgreSQL for the scale-out profile. (With
    the patches on, the plugin's `create_tracker_store` hook serves it as the lean SQL tracker store.)"""
    settings = as_settings(settings)
    kind = settings.tracker_store
    if kind == "memory":
        return None, "Conversations: in memory only (TRACKER_STORE=memory), lost when the server stops"
    if kind == "sqlite":
        path = settings.sqlite_path
        path.parent.mkdir(parents=True, exist_ok=True)
        return {"type": "sql", "dialect": "sqlite", "db": str(path)}, f"Conversations: SQLite {path}"
    config: Dict[str, Any] = {
        "type": "sql",
        "dialect": "postgresql",
        "url": settings.postgres_host,
        "port": settings.postgres_port,
        "db": settings.postgres_db,
        "username": settings.postgres_user,
    }
    if settings.postgres_password:
        config["password"] = "${POSTGRES_PASSWORD}"  # expanded by Rasa from its environment: never on disk
    where = f"{config['username']}@{config['url']}:{config['port']}/{config['db']}"
    return config, f"Conversations: PostgreSQL {where}"


def lock_store(settings: SettingsOrEnv) -> Tuple[Dict[str, Any] | None, str]:
    """Rasa's Redis lock store (made atomic by rasa_patches), so several Rasa servers handle one user's messages
    one at a time."""
    settings = as_settings(settings)
    if settings.lock_store == "memory":
        return None, "Locks: in memory (one Rasa server; set LOCK_STORE=redis to run several)"
    config: Dict[str, Any] = {
        "type": ATOMIC_LOCK_STORE if settings.rasa_patches else "redis",
        "url": settings.redis_host,
        "port": settings.redis_port,
        "db": settings.redis_db,
    }
    if settings.redis_password:
        config["password"] = "${REDIS_PASSWORD}"
    if settings.redis_key_prefix:
        config["key_prefix"] = settings.redis_key_prefix
    return config, f"Locks: Redis {config['url']}:{config['port']}/{config['db']}"


def endpoints(settings: SettingsOrEnv) -> Tuple[Dict[str, Any], List[str]]:
    """Action server, tracker store and lock store, and notes about the chosen profile."""
    settings = as_settings(settings)
    config = yaml.safe_load((ROOT / "endpoints.yml").read_text()) or {}
    config["action_endpoint"] = {"url": settings.action_endpoint_url}
    notes: List[str] = []
    for key, (section, note) in (("tracker_store", tracker_store(settings)), ("lock_store", lock_store(settings))):
        config.pop(key, None)
        if section is not None:
            config[key] = section
        notes.append(note)
    if config.get("tracker_store", {}).get("dialect") == "postgresql" and "lock_store" not in config:
        notes.append("Warning: PostgreSQL without LOCK_STORE=redis is only safe with a single Rasa server")
    if not settings.rasa_patches:
        notes.append("Rasa patches: off (RASA_PATCHES=off), stock Rasa")
    return config, notes


def write(settings: SettingsOrEnv, name: str) -> Tuple[Path, Path, List[str]]:
    """Writes var/runtime/<name>-credentials.yml and -endpoints.yml; returns their paths and the notes."""
    settings = as_settings(settings)
    RUNTIME_DIR.mkdir(parents=True, exist_ok=True)
    creds, creds_notes = credentials(settings)
    ends, ends_notes = endpoints(settings)
    creds_path = RUNTIME_DIR / f"{name}-credentials.yml"
    ends_path = RUNTIME_DIR / f"{name}-endpoints.yml"
    creds_path.write_text(yaml.safe_dump(creds, sort_keys=False))
    ends_path.write_text(yaml.safe_dump(ends, sort_keys=False))
    return creds_path, ends_path, creds_notes + ends_notes
