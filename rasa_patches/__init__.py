"""Every change this project makes to Rasa's behaviour or speed, in one place, installed by one call.

    import rasa_patches
    rasa_patches.install(Settings.from_env())

`install()` is explicit and idempotent, and logs one line per patch. Nothing is patched on import (not even when
Rasa loads the model's custom components). Entry points: `service/rasa_main.py` (`rasa run` and `rasa shell`, via
the plugin's `init_managers` hook, after Rasa has configured logging), the unit tests of the patches, and Rasa's own
test suite run patched (`scripts/rasa_tests.sh`).

Where Rasa offers an extension point it is used instead of a patch: the plugin (`rasa_patches.plugin`, pluggy hooks
of `rasa.plugin`) swaps in the lean SQL tracker store, and the Redis lock store is a subclass named in the
endpoints file. The rest has no hook, so the functions are replaced (`functools.wraps`, original kept):

| module           | what it changes                                                                       |
|------------------|---------------------------------------------------------------------------------------|
| action_response  | the action server's reply check (same verdicts, built once)                          |
| action_http      | one kept-alive HTTP session per endpoint, without cookies, closed at shutdown        |
| action_faults    | an apology instead of silence when the action server fails or is slow               |
| graph            | runs the model graph without dask's scheduler                                         |
| rules            | RulePolicy's rule lookup                                                              |
| trackers         | event class lookup, applied events, prior trackers, slot copies                       |
| sessions         | opt-in (SESSION_ROLLOVER_USER_TURNS): sessions roll over after N user messages        |
| metrics          | observes turns, latency and errors; serves Prometheus `/metrics` (METRICS=off: none)  |
| tracker_store    | (class) Rasa's SQL tracker store with cheaper queries                                 |
| lock_store       | (class) Rasa's Redis lock store with atomic updates                                   |

Each patch names the Rasa version it was written for and read against; on any other version it refuses (a
warning, and Rasa's own code stays). `RASA_PATCHES=off` installs nothing at all.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, List

from rasa_patches import _core

if TYPE_CHECKING:
    from settings import Settings

logger = logging.getLogger("rasa_patches")

RASA_VERSION = _core.RASA_VERSION
PATCHES = ("action_response", "action_http", "action_faults", "graph", "rules", "trackers", "sessions", "metrics")


def install(settings: Settings | None = None) -> List[str]:
    """Installs every patch that fits this Rasa and these settings (once); returns the names installed."""
    import importlib

    from settings import Settings

    settings = settings or Settings.from_env()
    if not settings.rasa_patches:
        if not _core.STATE.announced_off:
            logger.info("rasa_patches: off (RASA_PATCHES=off): stock Rasa %s", _core.rasa_version())
            _core.STATE.announced_off = True
        return []
    for name in PATCHES:
        if name in _core.STATE.installed:
            continue
        module = importlib.import_module(f"rasa_patches.{name}")
        if not _core.version_fits(name, module.WRITTEN_FOR):
            continue
        try:
            summary = module.apply(settings)
        except _core.Skip as why:
            if name not in _core.STATE.skipped:
                logger.info("rasa_patches: %s: not installed (%s)", name, why)
                _core.STATE.skipped.append(name)
            continue
        _core.STATE.installed.append(name)
        logger.info("rasa_patches: %s: %s", name, summary)
    from rasa_patches import plugin

    plugin.register(settings)
    return list(_core.STATE.installed)


def installed() -> List[str]:
    """The names of the patches installed in this process."""
    return list(_core.STATE.installed)


def uninstall() -> None:
    """Puts Rasa's own functions back (for comparisons in tests)."""
    from rasa_patches import plugin

    _core.undo_all()
    plugin.unregister()
