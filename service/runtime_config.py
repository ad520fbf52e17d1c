"""Writes the credentials and endpoints files a Rasa server runs with, from the committed files plus environment.

The committed `credentials.yml` and `endpoints.yml` hold the defaults; optional channels and stores that depend on
environment variables (Slack tokens, database URLs) are added here, so no secret is ever written to a committed
file and an unset variable simply leaves a feature off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Tuple
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_DIR = ROOT / "var" / "runtime"

DEFAULT_WEB_PORT = 8080
# Rasa's socket.io channel plus an origin allow-list (channels/socketio.py); it is still named "socketio".
SOCKETIO_CHANNEL = "channels.socketio.OriginCheckedSocketIOInput"


# ---- the web page and who may embed the chat widget --------------------------------------------------------------
def parse_origins(value: Any) -> List[str]:
    """Origins from a list or a comma/space separated string, without trailing slashes; [] if none."""
    if value is None:
        return []
    items: Iterable[Any] = value.replace(",", " ").split() if isinstance(value, str) else value
    return [str(item).strip().rstrip("/") for item in items if str(item).strip()]


def origin_of(url: str) -> str:
    """The origin of a URL: http://localhost:8080/some/page -> http://localhost:8080."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def web_port(env: Mapping[str, str]) -> int:
    return int(env.get("WEB_PORT") or DEFAULT_WEB_PORT)


def web_public_url(env: Mapping[str, str]) -> str:
    """Where browsers reach the page server (WEB_PUBLIC_URL, default http://localhost:$WEB_PORT)."""
    return (env.get("WEB_PUBLIC_URL") or f"http://localhost:{web_port(env)}").rstrip("/")


def rasa_public_url(env: Mapping[str, str], rasa_port: int | str | None = None) -> str:
    """Where browsers reach the Rasa server's socket.io channel (RASA_PUBLIC_URL, default http://localhost:PORT)."""
    port = rasa_port or env.get("RASA_PORT") or 5005
    return (env.get("RASA_PUBLIC_URL") or f"http://localhost:{port}").rstrip("/")


def allowed_origins(env: Mapping[str, str]) -> List[str]:
    """Origins whose pages may talk to the Rasa server from a browser: WEB_ALLOWED_ORIGINS ("*" for any), or else
    only the page server's own origin."""
    return parse_origins(env.get("WEB_ALLOWED_ORIGINS")) or [origin_of(web_public_url(env))]


# ---- the files Rasa runs with --------------------------------------------------------------------------------------
SLACK_CHANNEL_CLASS = "channels.slack.SlackChannel"
SLACK_SOCKET_MODE_CLASS = "channels.slack.SlackSocketModeChannel"
SLACK_REQUIRED = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")


def slack(env: Mapping[str, str]) -> Tuple[Dict[str, Any] | None, str]:
    """The Slack channel's credentials (None when off) and a note saying whether and how it is served: Socket
    Mode when SLACK_APP_TOKEN is set, else the webhook.

    Secrets are written as `${VARIABLE}` references, which Rasa expands from its own environment when it reads the
    file, so no token ever lands on disk.
    """
    app_token = env.get("SLACK_APP_TOKEN", "").strip()
    if app_token:
        if not app_token.startswith("xapp-"):
            raise ConfigError("SLACK_APP_TOKEN must be the app-level token (xapp-…), not a bot or user token")
        if not env.get("SLACK_BOT_TOKEN", "").strip():
            return None, "Slack: off (SLACK_BOT_TOKEN is not set; Socket Mode needs it and SLACK_APP_TOKEN)"
        config: Dict[str, Any] = {"slack_token": "${SLACK_BOT_TOKEN}", "slack_app_token": "${SLACK_APP_TOKEN}"}
        where = "Slack: on (Socket Mode): connects out to Slack with SLACK_APP_TOKEN, no public URL needed"
    else:
        missing = [name for name in SLACK_REQUIRED if not env.get(name, "").strip()]
        if len(missing) == len(SLACK_REQUIRED):
            return None, (
                "Slack: off (set SLACK_APP_TOKEN and SLACK_BOT_TOKEN for Socket Mode, "
                "or SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET for the webhook)"
            )
        if missing:
            unset = " and ".join(missing)
            return None, f"Slack: off ({unset} is not set; Slack needs both SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET)"
        config = {"slack_token": "${SLACK_BOT_TOKEN}", "slack_signing_secret": "${SLACK_SIGNING_SECRET}"}
        url = f"http://localhost:{env.get('RASA_PORT', '5005')}/webhooks/slack/webhook"
        where = f"Slack: on at {url} (Events API and interactivity request URL, behind your public HTTPS address)"
    if env.get("SLACK_CHANNEL", "").strip():
        config["slack_channel"] = env["SLACK_CHANNEL"].strip()
    if env.get("SLACK_API_URL", "").strip():
        config["api_url"] = env["SLACK_API_URL"].strip()
    if config.get("slack_channel"):
        where += f"; answers every message in {config['slack_channel']}"
    return config, where


def credentials(env: Mapping[str, str]) -> Tuple[Dict[str, Any], List[str]]:
    """The channels to serve, and notes for the operator about optional channels left off."""
    config = yaml.safe_load((ROOT / "credentials.yml").read_text()) or {}
    notes: List[str] = []
    if "socketio" in config:
        origins = allowed_origins(env)
        config[SOCKETIO_CHANNEL] = {**(config.pop("socketio") or {}), "allowed_origins": origins}
        notes.append(f"Web widget:     socket.io channel, browser origins allowed: {' '.join(origins)}")
    slack_config, slack_note = slack(env)
    if slack_config is not None:
        socket_mode = "slack_app_token" in slack_config
        config[SLACK_SOCKET_MODE_CLASS if socket_mode else SLACK_CHANNEL_CLASS] = slack_config
    notes.append(slack_note)
    return config, notes


# Conversation storage profiles (TRACKER_STORE) and lock stores (LOCK_STORE); README lists every variable.
TRACKER_STORES = ("sqlite", "postgresql", "memory")
# Rasa's SQL tracker store, same tables and rows, with cheaper queries (service/sql_tracker_store.py).
SQL_TRACKER_STORE = "service.sql_tracker_store.LeanSQLTrackerStore"
LOCK_STORES = ("memory", "redis")
DEFAULT_SQLITE_PATH = ROOT / "var" / "data" / "conversations.db"


class ConfigError(ValueError):
    """An environment variable has a value the server cannot run with."""


def _choice(env: Mapping[str, str], name: str, choices: Tuple[str, ...]) -> str:
    value = (env.get(name) or choices[0]).strip().lower()
    if value not in choices:
        raise ConfigError(f"{name}={value!r} is not one of {', '.join(choices)}")
    return value


def _secret(env: Mapping[str, str], name: str) -> str | None:
    """A placeholder Rasa expands from its own environment when it reads the file: secrets never touch the disk."""
    return f"${{{name}}}" if env.get(name) else None


def tracker_store(env: Mapping[str, str]) -> Tuple[Dict[str, Any] | None, str]:
    """Rasa's SQL tracker store: embedded SQLite under var/ by default, PostgreSQL for the scale-out profile."""
    kind = _choice(env, "TRACKER_STORE", TRACKER_STORES)
    if kind == "memory":
        return None, "Conversations: in memory only (TRACKER_STORE=memory), lost when the server stops"
    if kind == "sqlite":
        path = Path(env.get("SQLITE_PATH") or DEFAULT_SQLITE_PATH)
        path = path if path.is_absolute() else ROOT / path
        path.parent.mkdir(parents=True, exist_ok=True)
        return {"type": SQL_TRACKER_STORE, "dialect": "sqlite", "db": str(path)}, f"Conversations: SQLite {path}"
    config: Dict[str, Any] = {
        "type": SQL_TRACKER_STORE,
        "dialect": "postgresql",
        "url": env.get("POSTGRES_HOST") or "localhost",
        "port": int(env.get("POSTGRES_PORT") or 5432),
        "db": env.get("POSTGRES_DB") or "rasa",
        "username": env.get("POSTGRES_USER") or "rasa",
    }
    password = _secret(env, "POSTGRES_PASSWORD")
    if password:
        config["password"] = password
    where = f"{config['username']}@{config['url']}:{config['port']}/{config['db']}"
    return config, f"Conversations: PostgreSQL {where}"


def lock_store(env: Mapping[str, str]) -> Tuple[Dict[str, Any] | None, str]:
    """Rasa's Redis lock store (service/locks.py: made atomic), so several Rasa servers handle one user's messages
    one at a time."""
    if _choice(env, "LOCK_STORE", LOCK_STORES) == "memory":
        return None, "Locks: in memory (one Rasa server; set LOCK_STORE=redis to run several)"
    config: Dict[str, Any] = {
        "type": "service.locks.AtomicRedisLockStore",  # Rasa's RedisLockStore with atomic ticket updates
        "url": env.get("REDIS_HOST") or "localhost",
        "port": int(env.get("REDIS_PORT") or 6379),
        "db": int(env.get("REDIS_DB") or 1),
    }
    password = _secret(env, "REDIS_PASSWORD")
    if password:
        config["password"] = password
    if env.get("REDIS_KEY_PREFIX"):
        if not env["REDIS_KEY_PREFIX"].isalnum():
            raise ConfigError("REDIS_KEY_PREFIX must be alphanumeric")
        config["key_prefix"] = env["REDIS_KEY_PREFIX"]
    return config, f"Locks: Redis {config['url']}:{config['port']}/{config['db']}"


def endpoints(env: Mapping[str, str]) -> Tuple[Dict[str, Any], List[str]]:
    """Action server, tracker store and lock store, and notes about the chosen profile."""
    config = yaml.safe_load((ROOT / "endpoints.yml").read_text()) or {}
    url = env.get("ACTION_ENDPOINT_URL") or f"http://localhost:{env.get('ACTION_PORT', '5055')}/webhook"
    config["action_endpoint"] = {"url": url}
    notes: List[str] = []
    for key, (section, note) in (("tracker_store", tracker_store(env)), ("lock_store", lock_store(env))):
        config.pop(key, None)
        if section is not None:
            config[key] = section
        notes.append(note)
    if config.get("tracker_store", {}).get("dialect") == "postgresql" and "lock_store" not in config:
        notes.append("Warning: PostgreSQL without LOCK_STORE=redis is only safe with a single Rasa server")
    return config, notes


def write(env: Mapping[str, str], name: str) -> Tuple[Path, Path, List[str]]:
    """Writes var/runtime/<name>-credentials.yml and -endpoints.yml; returns their paths and the notes."""
    RUNTIME_DIR.mkdir(parents=True, exist_ok=True)
    creds, creds_notes = credentials(env)
    ends, ends_notes = endpoints(env)
    creds_path = RUNTIME_DIR / f"{name}-credentials.yml"
    ends_path = RUNTIME_DIR / f"{name}-endpoints.yml"
    creds_path.write_text(yaml.safe_dump(creds, sort_keys=False))
    ends_path.write_text(yaml.safe_dump(ends, sort_keys=False))
    return creds_path, ends_path, creds_notes + ends_notes
