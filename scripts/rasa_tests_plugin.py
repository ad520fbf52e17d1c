"""pytest plugin for running Rasa's own test suite with this project's patches installed (scripts/rasa_tests.sh).

Loaded with `-p rasa_tests_plugin` only for the patched run; it installs `rasa_patches` with the project's default
settings (as `make run` does) before any test is collected.
"""

from __future__ import annotations

from typing import Any


def pytest_configure(config: Any) -> None:
    import logging

    import rasa_patches
    from settings import Settings

    logging.getLogger("rasa_patches").setLevel(logging.INFO)
    installed = rasa_patches.install(Settings.from_env())
    print(f"rasa_patches installed: {', '.join(installed) or 'none'}")
