"""Every setting of the assistant, read from the environment once per process: `Settings.from_env()`.

Ports, URLs, stores, limits, secrets and the switches of `rasa_patches` all live here, with their defaults, so no
other module reads `os.environ`. A process reads them once (the launcher, the Rasa server in `service.rasa_main`, the
page server, the bench); child processes get them back as environment variables (`Settings.as_env()`).

This module imports only the standard library: the action server (rasa_sdk) can use it without Rasa installed.
Secrets are kept out of `repr()`; files written for Rasa hold `${NAME}` placeholders, never their values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Dict, Mapping, Tuple
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent

TRACKER_STORES = ("sqlite", "postgresql", "memory")
LOCK_STORES = ("memory", "redis")
TRUE, FALSE = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")
MIN_ADMIN_TOKEN = 16


class ConfigError(ValueError):
    """An environment variable has a value the server cannot run with."""


def parse_origins(value: Any) -> Tuple[str, ...]:
    """Origins from a list or a comma/space separated string, without trailing slashes; () if none."""
    if value is None:
        return ()
    items = value.replace(",", " ").split() if isinstance(value, str) else value
    return tuple(str(item).strip().rstrip("/") for item in items if str(item).strip())


def origin_of(url: str) -> str:
    """The origin of a URL: http://localhost:8080/some/page -> http://localhost:8080."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _env(name: str, default: str = "", secret: bool = False) -> Any:
    """A dataclass field read from the environment variable `name` (metadata drives from_env and as_env)."""
    return field(default=default, repr=not secret, metadata={"env": name})


def _whole_number(raw: str) -> property:
    """A typed view of a raw field holding a whole number (a port, a database number)."""
    return property(lambda self: int(getattr(self, raw)), doc=f"{raw[: -len('_raw')]} as a whole number")


@dataclass(frozen=True)
class Settings:
    """Raw values as the environment gives them (strings, "" = unset); typed views are the properties below."""

    rasa_port_raw: str = _env("RASA_PORT", "5005")
    action_port_raw: str = _env("ACTION_PORT", "5055")
    action_endpoint_url_raw: str = _env("ACTION_ENDPOINT_URL")
    action_timeout_raw: str = _env("ACTION_TIMEOUT_SECONDS", "10")
    knowledge_dir_raw: str = _env("KNOWLEDGE_DIR")
    web_port_raw: str = _env("WEB_PORT", "8080")
    web_host: str = _env("WEB_HOST", "0.0.0.0")
    web_public_url_raw: str = _env("WEB_PUBLIC_URL")
    rasa_public_url_raw: str = _env("RASA_PUBLIC_URL")
    web_allowed_origins_raw: str = _env("WEB_ALLOWED_ORIGINS")
    slack_bot_token: str = _env("SLACK_BOT_TOKEN", secret=True)
    slack_signing_secret: str = _env("SLACK_SIGNING_SECRET", secret=True)
    slack_app_token: str = _env("SLACK_APP_TOKEN", secret=True)
    slack_channel: str = _env("SLACK_CHANNEL")
    slack_api_url: str = _env("SLACK_API_URL")
    tracker_store_raw: str = _env("TRACKER_STORE", "sqlite")
    sqlite_path_raw: str = _env("SQLITE_PATH")
    postgres_host: str = _env("POSTGRES_HOST", "localhost")
    postgres_port_raw: str = _env("POSTGRES_PORT", "5432")
    postgres_db: str = _env("POSTGRES_DB", "rasa")
    postgres_user: str = _env("POSTGRES_USER", "rasa")
    postgres_password: str = _env("POSTGRES_PASSWORD", secret=True)
    lock_store_raw: str = _env("LOCK_STORE", "memory")
    redis_host: str = _env("REDIS_HOST", "localhost")
    redis_port_raw: str = _env("REDIS_PORT", "6379")
    redis_db_raw: str = _env("REDIS_DB", "1")
    redis_password: str = _env("REDIS_PASSWORD", secret=True)
    redis_key_prefix: str = _env("REDIS_KEY_PREFIX")
    enable_api_raw: str = _env("RASA_ENABLE_API", "false")
    auth_token: str = _env("RASA_AUTH_TOKEN", secret=True)
    rasa_patches_raw: str = _env("RASA_PATCHES", "on")
    session_rollover_raw: str = _env("SESSION_ROLLOVER_USER_TURNS", "10")
    admin_token: str = _env("ADMIN_TOKEN", secret=True)
    retention_days_raw: str = _env("RETENTION_DAYS", "0")
    metrics_raw: str = _env("METRICS", "on")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Reads every variable (unset or blank = the default) and validates the result; raises ConfigError."""
        env = os.environ if env is None else env
        values = {}
        for item in fields(cls):
            raw = (env.get(item.metadata["env"]) or "").strip()
            if raw:
                values[item.name] = raw
        settings = replace(cls(**values), **overrides)
        settings.validate()
        return settings

    def replace(self, **changes: Any) -> Settings:
        """A copy with some raw values changed (e.g. ports chosen by a test), validated."""
        changed = replace(self, **changes)
        changed.validate()
        return changed

    def as_env(self) -> Dict[str, str]:
        """The variables a child process needs to read these same settings (secrets included: environment only)."""
        return {item.metadata["env"]: getattr(self, item.name) for item in fields(self) if getattr(self, item.name)}

    def validate(self) -> None:
        for name in ("rasa_port", "action_port", "web_port", "postgres_port", "redis_port", "redis_db"):
            try:
                getattr(self, name)
            except ValueError:
                raise ConfigError(f"{name.upper()}={getattr(self, name + '_raw')!r} must be a whole number") from None
        checked = ["action_timeout_s", "tracker_store", "lock_store", "enable_api", "rasa_patches", "metrics"]
        checked += ["retention_days", "insights_enabled"]
        for name in checked + ["session_rollover_user_turns"]:
            getattr(self, name)  # each raises ConfigError on a bad value
        if self.redis_key_prefix and not self.redis_key_prefix.isalnum():
            raise ConfigError("REDIS_KEY_PREFIX must be alphanumeric")
        if self.slack_socket_mode and not self.slack_app_token.strip().startswith("xapp-"):
            raise ConfigError("SLACK_APP_TOKEN must be the app-level token (xapp-…), not a bot or user token")

    # ---- servers and ports ---------------------------------------------------------------------------------------
    rasa_port = _whole_number("rasa_port_raw")
    action_port = _whole_number("action_port_raw")
    web_port = _whole_number("web_port_raw")

    @property
    def action_endpoint_url(self) -> str:
        """Where Rasa calls custom actions (default: the action server started next to it)."""
        return self.action_endpoint_url_raw or f"http://localhost:{self.action_port}/webhook"

    @property
    def action_timeout_s(self) -> float:
        """ACTION_TIMEOUT_SECONDS: the longest the action server may take for one message (0 < s <= 600)."""
        try:
            value = float(self.action_timeout_raw)
        except ValueError:
            value = -1.0
        if not 0 < value <= 600:
            raise ConfigError(f"ACTION_TIMEOUT_SECONDS={self.action_timeout_raw!r} must be between 0 and 600 s")
        return value

    @property
    def knowledge_dir(self) -> Path:
        return Path(self.knowledge_dir_raw) if self.knowledge_dir_raw else ROOT / "knowledge"

    # ---- the web page and who may talk to the Rasa server from a browser ----------------------------------------
    @property
    def web_public_url(self) -> str:
        return (self.web_public_url_raw or f"http://localhost:{self.web_port}").rstrip("/")

    @property
    def rasa_public_url(self) -> str:
        return (self.rasa_public_url_raw or f"http://localhost:{self.rasa_port}").rstrip("/")

    @property
    def allowed_origins(self) -> Tuple[str, ...]:
        """WEB_ALLOWED_ORIGINS ("*" for any), or else only the page server's own origin."""
        return parse_origins(self.web_allowed_origins_raw) or (origin_of(self.web_public_url),)

    # ---- stores ----------------------------------------------------------------------------------------------------
    @property
    def tracker_store(self) -> str:
        return _choice("TRACKER_STORE", self.tracker_store_raw, TRACKER_STORES)

    @property
    def sqlite_path(self) -> Path:
        path = Path(self.sqlite_path_raw) if self.sqlite_path_raw else ROOT / "var" / "data" / "conversations.db"
        return path if path.is_absolute() else ROOT / path

    postgres_port = _whole_number("postgres_port_raw")

    @property
    def lock_store(self) -> str:
        return _choice("LOCK_STORE", self.lock_store_raw, LOCK_STORES)

    redis_port = _whole_number("redis_port_raw")
    redis_db = _whole_number("redis_db_raw")

    # ---- switches --------------------------------------------------------------------------------------------------
    @property
    def enable_api(self) -> bool:
        return _flag("RASA_ENABLE_API", self.enable_api_raw)

    @property
    def rasa_patches(self) -> bool:
        """RASA_PATCHES=off runs stock Rasa: no patch, no plugin, Rasa's own tracker and lock stores."""
        return _flag("RASA_PATCHES", self.rasa_patches_raw)

    @property
    def session_rollover_user_turns(self) -> int:
        """SESSION_ROLLOVER_USER_TURNS: start a new session after this many user messages (outside forms), slots
        carried over; 0 keeps Rasa's sessions exactly (only time-based expiry)."""
        try:
            value = int(self.session_rollover_raw)
        except ValueError:
            value = -1
        if value < 0:
            raise ConfigError(f"SESSION_ROLLOVER_USER_TURNS={self.session_rollover_raw!r} must be 0 or more")
        return value

    # ---- operators: insights, data requests, retention, metrics ---------------------------------------------------
    @property
    def insights_enabled(self) -> bool:
        """ADMIN_TOKEN set: the /insights page and the data-request endpoints are served (else they say how to turn
        them on). A token shorter than 16 characters is refused: it guards every conversation."""
        token = self.admin_token.strip()
        if token and len(token) < MIN_ADMIN_TOKEN:
            raise ConfigError(
                f"ADMIN_TOKEN must be at least {MIN_ADMIN_TOKEN} characters (e.g. `openssl rand -hex 24`)"
            )
        return bool(token)

    @property
    def retention_days(self) -> int:
        """RETENTION_DAYS: conversations whose last event is older than this are deleted automatically; 0 = keep
        everything (the default)."""
        try:
            value = int(self.retention_days_raw)
        except ValueError:
            value = -1
        if value < 0:
            raise ConfigError(f"RETENTION_DAYS={self.retention_days_raw!r} must be 0 (off) or a number of days")
        return value

    @property
    def metrics(self) -> bool:
        """METRICS=off leaves the Rasa server without /metrics (and without the counting patch)."""
        return _flag("METRICS", self.metrics_raw)

    @property
    def slack_socket_mode(self) -> bool:
        """SLACK_APP_TOKEN set: Slack over Socket Mode (outgoing WebSocket), whatever SLACK_SIGNING_SECRET says."""
        return bool(self.slack_app_token.strip())

    @property
    def slack_enabled(self) -> bool:
        """Slack is served: a bot token plus either an app-level token (Socket Mode) or a signing secret (webhook)."""
        second = self.slack_app_token if self.slack_socket_mode else self.slack_signing_secret
        return bool(self.slack_bot_token.strip() and second.strip())


def _choice(name: str, raw: str, choices: Tuple[str, ...]) -> str:
    value = (raw or choices[0]).strip().lower()
    if value not in choices:
        raise ConfigError(f"{name}={value!r} is not one of {', '.join(choices)}")
    return value


def _flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value not in TRUE + FALSE:
        raise ConfigError(f"{name}={value!r} must be on or off (true/false)")
    return value in TRUE
