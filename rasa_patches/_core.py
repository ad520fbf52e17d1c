"""The machinery of the patches: the version guard, and replacing a function while keeping the original."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Tuple

logger = logging.getLogger("rasa_patches")

# The Rasa release every patch here was written for and read against (constraints.txt pins it).
RASA_VERSION = "3.6.21"


class Skip(Exception):
    """Raised by a patch's apply() when the settings leave it off; the message says why."""


@dataclass
class _State:
    installed: List[str] = field(default_factory=list)
    skipped: List[str] = field(default_factory=list)
    originals: Dict[Tuple[int, str], Tuple[Any, str, Any]] = field(default_factory=dict)
    announced_off: bool = False


STATE = _State()


def rasa_version() -> str:
    from rasa.version import __version__

    return __version__


def version_fits(name: str, written_for: str = RASA_VERSION) -> bool:
    """True on the Rasa release the patch was written for; otherwise a warning, and Rasa's code stays."""
    found = rasa_version()
    if found == written_for:
        return True
    logger.warning(
        "rasa_patches: %s NOT installed: written for Rasa %s, this is Rasa %s; running Rasa's own code "
        "(re-read the patched functions against this release, then update RASA_VERSION)",
        name,
        written_for,
        found,
    )
    return False


_MISSING = object()


def replace(owner: Any, attribute: str, replacement: Callable, static: bool = False, new: bool = False) -> Any:
    """Sets `owner.attribute` to `replacement`, which must be `functools.wraps` of the original (or, with `new`, an
    attribute Rasa does not define); returns the original. Replacing twice keeps the first original."""
    key = (id(owner), attribute)
    current = owner.__dict__.get(attribute, _MISSING) if isinstance(owner, type) else getattr(owner, attribute)
    if key not in STATE.originals:
        STATE.originals[key] = (owner, attribute, current)
    if new and STATE.originals[key][2] is not _MISSING:
        raise TypeError(f"{owner!r} already defines {attribute}: wrap it")
    if not new and getattr(replacement, "__wrapped__", None) is None:
        raise TypeError(f"{replacement!r} must be functools.wraps of what it replaces")
    setattr(owner, attribute, staticmethod(replacement) if static else replacement)
    return STATE.originals[key][2]


def original(owner: Any, attribute: str) -> Any:
    """Rasa's own function, whether or not it is replaced now."""
    saved = STATE.originals.get((id(owner), attribute))
    if saved is not None:
        value = saved[2]
    else:
        value = owner.__dict__.get(attribute, _MISSING) if isinstance(owner, type) else getattr(owner, attribute)
    if value is _MISSING:
        return None
    return value.__func__ if isinstance(value, staticmethod) else value


def wraps(wrapped: Callable) -> Callable[[Callable], Callable]:
    """functools.wraps, unwrapping a staticmethod first."""
    target = wrapped.__func__ if isinstance(wrapped, staticmethod) else wrapped
    return functools.wraps(target)


def undo_all() -> None:
    for owner, attribute, value in STATE.originals.values():
        if value is _MISSING:
            delattr(owner, attribute)
        else:
            setattr(owner, attribute, value)
    STATE.originals.clear()
    STATE.installed.clear()
    STATE.skipped.clear()
