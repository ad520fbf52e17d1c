"""The project's Rasa plugin: what Rasa's own hooks (pluggy, `rasa.plugin`) let us do without patching.

- `init_managers`: Rasa calls it once per command (`rasa run`, `rasa shell`), after it has configured logging and
  before the command runs: the patches are installed there, so their log lines show.
- `create_tracker_store`: Rasa asks it first for every tracker store it creates; for `type: sql` it gets the lean
  SQL tracker store (rasa_patches/tracker_store.py), for anything else Rasa's own choice.

`service/rasa_main.py` registers this module (`register(settings)`) on `rasa.plugin.plugin_manager()`;
`rasa_patches.install()` registers it too, for entry points that do not go through Rasa's command line (tests).
"""

from __future__ import annotations

import sys
from typing import Any, Dict

import pluggy

hookimpl = pluggy.HookimplMarker("rasa")
_settings: Dict[str, Any] = {}


@hookimpl  # type: ignore[misc]
def init_managers(endpoints_file: str | None) -> None:
    """Installs the patches once Rasa's logging is set up."""
    import rasa_patches

    rasa_patches.install(_settings.get("settings"))


@hookimpl  # type: ignore[misc]
def create_tracker_store(endpoint_config: Any, domain: Any, event_broker: Any) -> Any:
    """The lean SQL tracker store for `type: sql` (same arguments as Rasa's); None lets Rasa choose."""
    from rasa.utils.endpoints import EndpointConfig

    settings = _settings.get("settings")
    if settings is not None and not settings.rasa_patches:
        return None
    if not isinstance(endpoint_config, EndpointConfig) or (endpoint_config.type or "").lower() != "sql":
        return None
    from rasa_patches.tracker_store import LeanSQLTrackerStore

    return LeanSQLTrackerStore(
        domain=domain, host=endpoint_config.url, event_broker=event_broker, **endpoint_config.kwargs
    )


def register(settings: Any) -> None:
    """Registers this module on Rasa's plugin manager (once), remembering the settings for `init_managers`."""
    from rasa.plugin import plugin_manager

    _settings["settings"] = settings
    manager = plugin_manager()
    module = sys.modules[__name__]
    if not manager.is_registered(module):
        manager.register(module)


def unregister() -> None:
    from rasa.plugin import plugin_manager

    manager = plugin_manager()
    module = sys.modules[__name__]
    if manager.is_registered(module):
        manager.unregister(module)
