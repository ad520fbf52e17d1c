"""HTTP connections to the action server (and any other endpoint Rasa calls with `EndpointConfig.request`).

Rasa: `EndpointConfig.request` opens a new `aiohttp.ClientSession` for every call (`async with self.session()`), so
every custom action costs a new TCP connection, and closes it afterwards.

Here: each `EndpointConfig` keeps one session per event loop and reuses its connection pool. The session is made
as Rasa makes it (the endpoint's headers, basic auth, Rasa's request timeout, aiohttp's default JSON encoder, so
NaN and infinity are written as `json.dumps` writes them, exactly as Rasa sends them) with one difference: a
`DummyCookieJar`, because Rasa's sessions never lived past one call, so a cookie set by the action server or a
proxy in front of it was never sent again. A session kept across calls would otherwise send one user's cookie with
the next user's call. Sessions are closed when the server stops (`close_all`, called by the plugin at shutdown).

Why: a new connection per custom action was ~1 ms of latency and connection churn under load.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

from rasa_patches import _core

WRITTEN_FOR = "3.6.21"

_SESSIONS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()  # kept session -> its loop


class KeptSession:
    """What Rasa's `async with endpoint.session() as session:` gets: the kept session, not closed on exit, so its
    connection pool is reused (aiohttp discourages subclassing ClientSession, hence a wrapper)."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def __aenter__(self) -> Any:
        return self.session

    async def __aexit__(self, *exc_info: Any) -> None:
        return None

    def __getattr__(self, name: str) -> Any:  # used directly, it is the session
        return getattr(self.session, name)


def kept_session(self: Any) -> KeptSession:
    """Rasa's `EndpointConfig.session()`, but one per endpoint and event loop, reused, without a cookie jar."""
    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT

    loop = asyncio.get_running_loop()
    auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
    key = (loop, tuple(sorted((self.headers or {}).items())), auth)
    sessions = self.__dict__.setdefault("_rasa_patches_sessions", {})
    session = sessions.get(key)
    if session is None or session.closed:
        session = aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            cookie_jar=aiohttp.DummyCookieJar(),
        )
        sessions[key] = session
        _SESSIONS[session] = loop
    return KeptSession(session)


async def close_all() -> int:
    """Closes every kept session of the running event loop; returns how many were closed."""
    loop = asyncio.get_running_loop()
    closing = [session for session, owner in list(_SESSIONS.items()) if owner is loop and not session.closed]
    for session in closing:
        await session.close()
    return len(closing)


def apply(settings: Any) -> str:
    import rasa.core.run
    from rasa.utils.endpoints import EndpointConfig

    original = _core.original(EndpointConfig, "session")
    _core.replace(EndpointConfig, "session", _core.wraps(original)(kept_session))

    rasa_close = _core.original(rasa.core.run, "close_resources")

    @_core.wraps(rasa_close)
    async def close_resources(app: Any, loop: Any) -> None:
        """Rasa's shutdown listener, then the kept sessions are closed."""
        try:
            await rasa_close(app, loop)
        finally:
            await close_all()

    _core.replace(rasa.core.run, "close_resources", close_resources)
    return "one kept-alive HTTP session per endpoint (no cookie jar), closed when the server stops"
