"""`python -m service.rasa_main ARGS` runs `rasa ARGS`, adding `--auth-token` from RASA_AUTH_TOKEN when the HTTP API
is enabled, so that the token is read from the environment and never shows in the process list or a file."""

from __future__ import annotations

import os
import sys


def argv_with_token(argv: list[str], env: dict[str, str] | os._Environ) -> list[str]:
    token = env.get("RASA_AUTH_TOKEN", "")
    if "--enable-api" in argv and "--auth-token" not in argv:
        if not token:
            raise SystemExit("RASA_AUTH_TOKEN must be set to enable Rasa's HTTP API")
        return [*argv, "--auth-token", token]
    return argv


if __name__ == "__main__":
    sys.argv = argv_with_token(sys.argv, os.environ)
    from rasa.__main__ import main

    main()
