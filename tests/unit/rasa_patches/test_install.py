"""`rasa_patches.install()`: explicit, idempotent, one log line per patch, every replacement a functools.wraps of
Rasa's function, a version guard, and a switch that leaves Rasa stock; importing the model's components patches
nothing."""

from __future__ import annotations

import logging
import subprocess
import sys

import rasa_patches
from rasa_patches import _core
from settings import ROOT, Settings


def test_install_is_idempotent_and_logs_one_line_per_patch(caplog):
    rasa_patches.uninstall()
    with caplog.at_level(logging.INFO, logger="rasa_patches"):
        first = rasa_patches.install(Settings.from_env({}))
        replaced = {key: getattr(owner, attribute) for key, (owner, attribute, _) in _core.STATE.originals.items()}
        second = rasa_patches.install(Settings.from_env({}))
    assert first == second == list(rasa_patches.PATCHES)
    lines = [record.getMessage() for record in caplog.records if record.name == "rasa_patches"]
    assert len(lines) == len(rasa_patches.PATCHES)
    assert all(any(line.startswith(f"rasa_patches: {name}: ") for line in lines) for name in rasa_patches.PATCHES)
    again = {key: getattr(owner, attribute) for key, (owner, attribute, _) in _core.STATE.originals.items()}
    assert again == replaced  # nothing wrapped twice


def test_every_replacement_wraps_rasas_function():
    for owner, attribute, rasa_function in _core.STATE.originals.values():
        current = getattr(owner, attribute)
        if rasa_function is _core._MISSING:
            continue  # an attribute Rasa does not define (Slot.__copy__)
        rasa_function = getattr(rasa_function, "__func__", rasa_function)
        assert current is not rasa_function and current.__wrapped__ is rasa_function, (owner, attribute)
        assert current.__name__ == rasa_function.__name__


def test_uninstall_restores_rasa_and_the_switch_keeps_it_stock(caplog):
    from rasa.core.processor import MessageProcessor

    rasa_run_action = _core.original(MessageProcessor, "_run_action")
    try:
        rasa_patches.uninstall()
        assert MessageProcessor._run_action is rasa_run_action
        assert rasa_patches.install(Settings.from_env({"RASA_PATCHES": "off"})) == []
        assert MessageProcessor._run_action is rasa_run_action
    finally:
        rasa_patches.install(Settings.from_env({}))
    assert MessageProcessor._run_action is not rasa_run_action


def test_a_patch_refuses_another_rasa_release(monkeypatch, caplog):
    from rasa.core.processor import MessageProcessor

    rasa_patches.uninstall()
    monkeypatch.setattr(_core, "rasa_version", lambda: "3.7.0")
    try:
        with caplog.at_level(logging.WARNING, logger="rasa_patches"):
            assert rasa_patches.install(Settings.from_env({})) == []
        assert MessageProcessor._run_action is _core.original(MessageProcessor, "_run_action")
        refusals = [r.getMessage() for r in caplog.records if "NOT installed" in r.getMessage()]
        assert len(refusals) == len(rasa_patches.PATCHES) and all("3.7.0" in line for line in refusals)
    finally:
        monkeypatch.undo()
        rasa_patches.install(Settings.from_env({}))


def test_session_rollover_is_opt_in():
    rasa_patches.uninstall()
    try:
        installed = rasa_patches.install(Settings.from_env({"SESSION_ROLLOVER_USER_TURNS": "0"}))
        assert "sessions" not in installed and "graph" in installed
    finally:
        rasa_patches.uninstall()
        rasa_patches.install(Settings.from_env({}))


def test_loading_the_models_components_patches_nothing():
    """Rasa imports the custom components when it loads the model: that must not change Rasa."""
    code = (
        "import components.intent_classifier\n"
        "from rasa.core.actions.action import RemoteAction\n"
        "from rasa.engine.runner.dask import DaskGraphRunner\n"
        "assert not hasattr(RemoteAction._validate_action_result, '__wrapped__')\n"
        "assert not hasattr(DaskGraphRunner.run, '__wrapped__')\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, timeout=120)
