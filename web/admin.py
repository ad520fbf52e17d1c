"""The operators' part of the page server: /insights (report, charts, CSV, conversations) and data requests.

Protected by ADMIN_TOKEN (settings.py) and by nothing else: scripts send `Authorization: Bearer <token>`; a person
signs in once with a form and gets a session cookie (HttpOnly, SameSite=Strict, path /insights, 8 hours) that holds
an expiry and an HMAC of it keyed by the token, never the token itself. Tokens and cookies are compared in constant
time (`hmac.compare_digest`); the token never appears in a URL or a log line. Without ADMIN_TOKEN every route
answers 503 with a page saying how to turn it on.

Routes (all under /insights):
  GET  /insights                       the report page (?from=YYYY-MM-DD&to=YYYY-MM-DD, default the last 30 days)
  GET  /insights/report.json           the same figures as JSON (for scripts)
  GET  /insights/export.csv?part=…     one part as CSV: questions, topics, outcomes, funnel, results
  GET  /insights/conversations/{id}    one whole conversation
  GET  /insights/people/{id}           data request: everything stored for one person, as JSON
  DELETE /insights/people/{id}         data request: delete it
  POST /insights/people                the page's data-request form (export or delete)
  POST /insights/sign-in, /insights/sign-out

Reads and deletes go to the configured tracker store in a worker thread, so the page and the widget stay served.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from functools import partial
from html import escape
from typing import Any, Awaitable, Callable, Dict
from urllib.parse import quote

import sqlalchemy as sa
from aiohttp import web

from insights import people, render, report
from insights.store import Store, StoreUnavailable
from settings import Settings, origin_of

COOKIE = "insights_session"
SESSION_SECONDS = 8 * 3600
RETENTION_EVERY_S = 3600
MAX_FORM_BYTES = 4096

logger = logging.getLogger("web.admin")

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'; object-src 'none'"
)


def _sign(token: str, expiry: int) -> str:
    return hmac.new(token.encode(), f"insights-session:{expiry}".encode(), hashlib.sha256).hexdigest()


def session_cookie(token: str, now: float | None = None) -> str:
    expiry = int((now or time.time()) + SESSION_SECONDS)
    return f"{expiry}.{_sign(token, expiry)}"


def valid_cookie(token: str, value: str | None, now: float | None = None) -> bool:
    if not value or "." not in value:
        return False
    expiry_text, signature = value.split(".", 1)
    if not expiry_text.isdigit() or int(expiry_text) < (now or time.time()):
        return False
    return hmac.compare_digest(signature.encode(), _sign(token, int(expiry_text)).encode())


def same_token(token: str, given: str) -> bool:
    """Constant-time comparison (of digests, so not even the length leaks)."""
    return hmac.compare_digest(hashlib.sha256(given.encode()).digest(), hashlib.sha256(token.encode()).digest())


class Admin:
    """The routes, with the settings and the store they use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.enabled = settings.insights_enabled
        self.token = settings.admin_token.strip()
        self.secure_cookie = settings.web_public_url.startswith("https://")
        self.origin = origin_of(settings.web_public_url)
        self._store: Store | None = None

    # ---- the store, used from worker threads ---------------------------------------------------------------------
    def store(self) -> Store:
        if self._store is None:
            self._store = Store.open(self.settings)
        return self._store

    async def in_thread(self, function: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(None, partial(function, *args))

    # ---- who is asking -------------------------------------------------------------------------------------------
    def authorised(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, given = header.partition(" ")
            return scheme.lower() == "bearer" and bool(given.strip()) and same_token(self.token, given.strip())
        return valid_cookie(self.token, request.cookies.get(COOKIE))

    def cross_site(self, request: web.Request) -> bool:
        """A browser form posted from another site (the cookie is SameSite=Strict too; this is belt and braces)."""
        origin = request.headers.get("Origin")
        return bool(origin) and origin != "null" and origin.rstrip("/") != self.origin

    # ---- responses -----------------------------------------------------------------------------------------------
    @staticmethod
    def wants_json(request: web.Request) -> bool:
        return "Authorization" in request.headers or "json" in request.headers.get("Accept", "")

    def problem(self, request: web.Request, status: int, message: str) -> web.Response:
        if self.wants_json(request) or request.path.endswith((".json", ".csv")) or "/people/" in request.path:
            return web.json_response({"error": message}, status=status)
        body = render.page(
            "Insights",
            f"<section class='notice error' role='alert'><p>{escape(message)}</p>"
            "<p><a href='/insights'>Back to the insights</a></p></section>",
            signed_in=True,
        )
        return web.Response(text=body, status=status, content_type="text/html")

    def guarded(self, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> Callable:
        async def route(request: web.Request) -> web.StreamResponse:
            if not self.enabled:
                if self.wants_json(request) or request.method != "GET":
                    return web.json_response(
                        {"error": "insights are off: set ADMIN_TOKEN in the page server's environment"}, status=503
                    )
                return web.Response(text=render.off_page(), status=503, content_type="text/html")
            if not self.authorised(request):
                if self.wants_json(request) or request.method != "GET" or not request.path.startswith("/insights"):
                    return web.json_response(
                        {"error": "missing or wrong admin token (Authorization: Bearer …)"},
                        status=401,
                        headers={"WWW-Authenticate": 'Bearer realm="insights"'},
                    )
                return web.Response(text=render.sign_in_page(), status=401, content_type="text/html")
            if request.method not in ("GET", "HEAD") and "Authorization" not in request.headers:
                if self.cross_site(request):
                    return web.json_response({"error": "cross-site request refused"}, status=403)
            try:
                return await handler(request)
            except StoreUnavailable as error:
                logger.error("Insights: %s", error)
                return self.problem(request, 503, str(error))
            except report.PeriodError as error:
                return self.problem(request, 400, str(error))
            except people.SenderError as error:
                return self.problem(request, 400, str(error))
            except sa.exc.SQLAlchemyError as error:  # a store in a state we did not expect: say so, do not crash
                logger.error("Insights: the tracker store failed: %s", type(error).__name__)
                return self.problem(request, 503, "the tracker store could not be read; see the page server's log")

        return route

    # ---- the report ------------------------------------------------------------------------------------------------
    async def build(self, request: web.Request) -> report.Report:
        query = request.query
        chosen = report.period(query.get("from") or None, query.get("to") or None, query.get("days") or None)
        return await self.in_thread(report.build, self.store(), chosen, self.settings.knowledge_dir)

    async def page(self, request: web.Request) -> web.Response:
        built = await self.build(request)
        notice = request.query.get("notice", "")[:200]
        return web.Response(text=render.report_page(built, notice=notice), content_type="text/html")

    async def report_json(self, request: web.Request) -> web.Response:
        built = await self.build(request)
        return web.json_response(as_json(built))

    async def export_csv(self, request: web.Request) -> web.Response:
        part = request.query.get("part", "questions")
        if part not in render.PARTS:
            return self.problem(request, 400, f"part={part!r} is not one of {', '.join(render.PARTS)}")
        built = await self.build(request)
        name = f"insights-{part}-{built.period.first}-{built.period.last}.csv"
        return web.Response(
            text=render.csv_text(built, part),
            content_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    async def conversation(self, request: web.Request) -> web.Response:
        sender = people.check_sender(request.match_info["sender"])
        limit = people.MAX_HTTP_EXPORT_EVENTS
        events = await self.in_thread(self.store().events_of, sender, limit + 1)
        if not events:
            return self.problem(request, 404, "nothing is stored for this sender")
        page = render.conversation_page(sender, events[:limit], truncated=len(events) > limit)
        return web.Response(text=page, content_type="text/html")

    # ---- data requests ---------------------------------------------------------------------------------------------
    async def export_person(self, request: web.Request) -> web.Response:
        return await self._export(request, request.match_info["sender"])

    async def _export(self, request: web.Request, sender: str) -> web.Response:
        sender = people.check_sender(sender)
        try:
            data = await self.in_thread(people.export, self.store(), sender, people.MAX_HTTP_EXPORT_EVENTS)
        except people.ExportTooLarge as error:
            return self.problem(request, 413, f"{error}: run `make export SENDER=…` on the server instead")
        if not data["conversations"]:
            return self.problem(request, 404, "nothing is stored for this sender")
        name = "data-request-" + quote(sender, safe="")[:60] + ".json"
        return web.Response(
            text=json.dumps(data, ensure_ascii=False),
            content_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    async def delete_person(self, request: web.Request) -> web.Response:
        sender = people.check_sender(request.match_info["sender"])
        deleted = await self.in_thread(people.forget, self.store(), sender)
        if not deleted:
            return self.problem(request, 404, "nothing is stored for this sender: nothing deleted")
        return web.json_response({"person": sender, "deleted_events": deleted})

    async def people_form(self, request: web.Request) -> web.StreamResponse:
        if (request.content_length or 0) > MAX_FORM_BYTES:
            return self.problem(request, 413, "form too large")
        form = await request.post()
        sender = people.check_sender(str(form.get("sender") or ""))
        if form.get("do") == "export":
            return await self._export(request, sender)
        if form.get("do") != "delete":
            return self.problem(request, 400, "choose export or delete")
        deleted = await self.in_thread(people.forget, self.store(), sender)
        notice = f"Deleted {deleted} stored events of {sender}." if deleted else f"Nothing is stored for {sender}."
        raise web.HTTPSeeOther("/insights?" + "notice=" + quote(notice))

    # ---- signing in ------------------------------------------------------------------------------------------------
    async def sign_in(self, request: web.Request) -> web.StreamResponse:
        if not self.enabled:
            return web.Response(text=render.off_page(), status=503, content_type="text/html")
        if (request.content_length or 0) > MAX_FORM_BYTES:
            return web.Response(text=render.sign_in_page("That is not a token."), status=413, content_type="text/html")
        if self.cross_site(request):
            return web.json_response({"error": "cross-site request refused"}, status=403)
        form = await request.post()
        given = str(form.get("token") or "").strip()
        if not given or not same_token(self.token, given):
            logger.warning("Insights: a sign-in with a wrong token from %s", request.remote)
            await asyncio.sleep(0.5)  # slows down guessing
            return web.Response(text=render.sign_in_page("Wrong token."), status=401, content_type="text/html")
        response = web.HTTPSeeOther("/insights")
        response.set_cookie(
            COOKIE,
            session_cookie(self.token),
            max_age=SESSION_SECONDS,
            path="/insights",
            httponly=True,
            samesite="Strict",
            secure=self.secure_cookie,
        )
        raise response

    async def sign_out(self, request: web.Request) -> web.StreamResponse:
        response = web.HTTPSeeOther("/insights")
        response.del_cookie(COOKIE, path="/insights")
        raise response

    async def style(self, _: web.Request) -> web.Response:
        return web.Response(text=render.STYLE, content_type="text/css")

    # ---- retention -------------------------------------------------------------------------------------------------
    async def retention_loop(self, app: web.Application) -> None:
        """RETENTION_DAYS > 0: deletes old conversations at start-up and every hour after."""
        days = self.settings.retention_days
        while True:
            try:
                removed = await self.in_thread(people.apply_retention, self.store(), days)
                if removed:
                    logger.info("Retention: removed %d conversations idle for more than %d days", removed, days)
            except StoreUnavailable as error:
                logger.error("Retention: %s", error)
            except Exception:
                logger.exception("Retention: failed; trying again in an hour")
            await asyncio.sleep(RETENTION_EVERY_S)

    def install(self, app: web.Application) -> None:
        g = self.guarded
        app.router.add_get("/insights", g(self.page))
        app.router.add_get("/insights/", g(self.page))
        app.router.add_get("/insights/report.json", g(self.report_json))
        app.router.add_get("/insights/export.csv", g(self.export_csv))
        app.router.add_get("/insights/conversations/{sender:.+}", g(self.conversation))
        app.router.add_get("/insights/people/{sender:.+}", g(self.export_person))
        app.router.add_delete("/insights/people/{sender:.+}", g(self.delete_person))
        app.router.add_post("/insights/people", g(self.people_form))
        app.router.add_post("/insights/sign-in", self.sign_in)
        app.router.add_post("/insights/sign-out", self.sign_out)
        app.router.add_get("/insights/style.css", self.style)
        if self.settings.retention_days > 0:

            async def start_retention(app: web.Application) -> None:
                app["retention"] = asyncio.get_running_loop().create_task(self.retention_loop(app))

            async def stop_retention(app: web.Application) -> None:
                app["retention"].cancel()

            app.on_startup.append(start_retention)
            app.on_cleanup.append(stop_retention)

        async def close_store(_: web.Application) -> None:
            if self._store is not None:
                self._store.close()

        app.on_cleanup.append(close_store)


def as_json(built: report.Report) -> Dict[str, Any]:
    """The report's figures for scripts (and the tests)."""
    funnel = built.funnel
    return {
        "period": {"from": built.period.first.isoformat(), "to": built.period.last.isoformat()},
        "store": built.where,
        "conversations": built.conversations,
        "turns": built.turns,
        "kinds": dict(built.kinds),
        "topics": dict(built.topics),
        "channels": dict(built.channels),
        "funnel": {
            "questions": funnel.questions,
            "started": funnel.started,
            "reached": dict(funnel.reached),
            "finished": funnel.finished,
            "abandoned": dict(funnel.abandoned),
        },
        "results": dict(built.results),
        "questions": [
            {
                "text": q.text,
                "count": q.count,
                "kind": q.kind,
                "reply": q.reply,
                "sender": q.sender,
                "channel": q.channel,
                "newest": q.newest,
                "conversation": render.conversation_link(q.sender),
            }
            for q in built.questions
        ],
        "events": built.events,
        "seconds": round(built.seconds, 3),
    }
