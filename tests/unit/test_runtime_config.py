"""Profiles: embedded SQLite by default, PostgreSQL + Redis for scale-out; secrets stay out of written files."""

import pytest
import yaml

from service import launcher, rasa_main, runtime_config
from service.runtime_config import ROOT, ConfigError


def ends(env):
    return runtime_config.endpoints({"ACTION_PORT": "5055", **env})[0]


def test_default_is_sqlite_under_var(tmp_path):
    config = ends({})
    default_db = str(runtime_config.DEFAULT_SQLITE_PATH)
    assert config["tracker_store"] == {"type": "sql", "dialect": "sqlite", "db": default_db}
    assert runtime_config.DEFAULT_SQLITE_PATH.is_relative_to(ROOT / "var")
    assert "lock_store" not in config
    assert config["action_endpoint"] == {"url": "http://localhost:5055/webhook"}
    assert ends({"SQLITE_PATH": str(tmp_path / "x.db")})["tracker_store"]["db"] == str(tmp_path / "x.db")


def test_memory_profile_has_no_tracker_store():
    assert "tracker_store" not in ends({"TRACKER_STORE": "memory"})


def test_scale_out_profile():
    env = {
        "TRACKER_STORE": "postgresql",
        "POSTGRES_HOST": "db",
        "POSTGRES_PORT": "5433",
        "POSTGRES_DB": "chat",
        "POSTGRES_USER": "bot",
        "POSTGRES_PASSWORD": "s3cret",
        "LOCK_STORE": "redis",
        "REDIS_HOST": "cache",
        "REDIS_PORT": "6380",
        "REDIS_DB": "2",
        "REDIS_PASSWORD": "hunter2",
        "REDIS_KEY_PREFIX": "ampm",
        "ACTION_ENDPOINT_URL": "http://actions:5055/webhook",
    }
    config, notes = runtime_config.endpoints(env)
    assert config["tracker_store"] == {
        "type": "sql",
        "dialect": "postgresql",
        "url": "db",
        "port": 5433,
        "db": "chat",
        "username": "bot",
        "password": "${POSTGRES_PASSWORD}",
    }
    assert config["lock_store"] == {
        "type": "rasa_patches.lock_store.AtomicRedisLockStore",
        "url": "cache",
        "port": 6380,
        "db": 2,
        "password": "${REDIS_PASSWORD}",
        "key_prefix": "ampm",
    }
    assert config["action_endpoint"]["url"] == "http://actions:5055/webhook"
    text = yaml.safe_dump(config)
    assert "s3cret" not in text and "hunter2" not in text and "${POSTGRES_PASSWORD}" in text


def test_written_placeholders_are_expanded_by_rasa(tmp_path, monkeypatch):
    from rasa.utils.endpoints import read_endpoint_config

    monkeypatch.setattr(runtime_config, "RUNTIME_DIR", tmp_path)
    monkeypatch.setenv("POSTGRES_PASSWORD", "s3cret")
    env = {"TRACKER_STORE": "postgresql", "POSTGRES_PASSWORD": "s3cret", "ACTION_PORT": "5055"}
    _, path, _ = runtime_config.write(env, "unit")
    assert "s3cret" not in path.read_text()
    assert read_endpoint_config(str(path), "tracker_store").kwargs["password"] == "s3cret"


def test_postgres_without_redis_is_flagged():
    assert any("LOCK_STORE=redis" in note for note in runtime_config.endpoints({"TRACKER_STORE": "postgresql"})[1])


@pytest.mark.parametrize(
    "env", [{"TRACKER_STORE": "mongo"}, {"LOCK_STORE": "etcd"}, {"LOCK_STORE": "redis", "REDIS_KEY_PREFIX": "a-b"}]
)
def test_bad_values_are_refused(env):
    with pytest.raises(ConfigError):
        runtime_config.endpoints(env)


def test_api_is_off_by_default_and_needs_a_token():
    assert launcher.api_args({}) == ([], [])
    assert launcher.api_args({"RASA_ENABLE_API": "false"}) == ([], [])
    with pytest.raises(ConfigError):
        launcher.api_args({"RASA_ENABLE_API": "true"})
    with pytest.raises(ConfigError):
        launcher.api_args({"RASA_ENABLE_API": "maybe", "RASA_AUTH_TOKEN": "t"})
    assert launcher.api_args({"RASA_ENABLE_API": "true", "RASA_AUTH_TOKEN": "t"})[0] == ["--enable-api"]


def test_token_is_added_from_the_environment_not_the_command_line():
    assert rasa_main.argv_with_token(["x", "run"], {"RASA_AUTH_TOKEN": "t"}) == ["x", "run"]
    assert rasa_main.argv_with_token(["x", "run", "--enable-api"], {"RASA_AUTH_TOKEN": "t"})[-2:] == [
        "--auth-token",
        "t",
    ]
    with pytest.raises(SystemExit):
        rasa_main.argv_with_token(["x", "run", "--enable-api"], {})


def test_redis_profile_loads_the_atomic_lock_store():
    from rasa.core.lock_store import LockStore
    from rasa.utils.endpoints import EndpointConfig

    from rasa_patches.lock_store import AtomicRedisLockStore

    section, _ = runtime_config.lock_store({"LOCK_STORE": "redis", "REDIS_PORT": "6399", "REDIS_KEY_PREFIX": "ampm"})
    store = LockStore.create(EndpointConfig.from_dict(section))
    assert isinstance(store, AtomicRedisLockStore) and store.key_prefix == "ampm:lock:"


def test_patches_off_runs_rasas_own_lock_store():
    section, _ = runtime_config.lock_store({"LOCK_STORE": "redis", "RASA_PATCHES": "off"})
    assert section["type"] == "redis"
