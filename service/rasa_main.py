"""`python -m service.rasa_main ARGS` runs `rasa ARGS` (`make run`, `make shell`, the tests and the bench start the
Rasa server this way) with this project's additions:

- the settings are read once (`Settings.from_env()`), and the project's Rasa plugin (rasa_patches/plugin.py) is
  registered on Rasa's plugin manager: its `init_managers` hook installs `rasa_patches` (unless RASA_PATCHES=off)
  once Rasa has set up logging, and its `create_tracker_store` hook supplies the lean SQL tracker store;
- `--auth-token` is added from RASA_AUTH_TOKEN when the HTTP API is enabled, so that the token is read from the
  environment and never shows in the process list or a file.
"""

from __future__ import annotations

import sys
from typing import Mapping, Union

from settings import Settings


def argv_with_token(argv: list[str], settings: Union[Settings, Mapping[str, str]]) -> list[str]:
    """The command line with `--auth-token` added when `--enable-api` is on it; exits without a token."""
    settings = settings if isinstance(settings, Settings) else Settings.from_env(settings)
    if "--enable-api" in argv and "--auth-token" not in argv:
        if not settings.auth_token:
            raise SystemExit("RASA_AUTH_TOKEN must be set to enable Rasa's HTTP API")
        return [*argv, "--auth-token", settings.auth_token]
    return argv


def main() -> None:
    settings = Settings.from_env()
    sys.argv = argv_with_token(sys.argv, settings)
    from rasa.__main__ import main as rasa

    from rasa_patches import plugin

    plugin.register(settings)
    rasa()


if __name__ == "__main__":
    main()
