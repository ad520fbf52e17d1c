"""The page server: the article with the chat widget, the widget's script, and the salary chart.

    python -m web.server [--port 8080]

Routes: `/` the page, `/static/webchat.js` the rasa-webchat bundle (from web/node_modules, installed by `npm ci`;
there is no CDN), `/static/page.js|page.css`, `/charts/salary.svg` the chart drawn from knowledge/article.yml,
`/health`, and the operators' `/insights` pages and data-request endpoints (web/admin.py, behind ADMIN_TOKEN).
Every response carries a strict Content-Security-Policy: scripts only from this server, network connections only to
this server and the Rasa server (the /insights pages: no script at all, forms posted only here).

Settings come from the project's settings (settings.py, read once): WEB_PORT, WEB_HOST, WEB_PUBLIC_URL (this
server as browsers reach it), RASA_PUBLIC_URL or RASA_PORT (the Rasa server the widget connects to),
KNOWLEDGE_DIR.
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Mapping, Tuple

from aiohttp import web

import settings as app_settings
from actions import knowledge_base
from actions.charts import SALARY_CHART_PATH
from web import admin, charts, page

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
WIDGET_BUNDLE = WEB_DIR / "node_modules" / "rasa-webchat" / "lib" / "index.js"

logger = logging.getLogger("web.server")


@dataclass(frozen=True)
class Settings:
    port: int
    host: str
    public_url: str
    rasa_url: str
    knowledge_dir: Path
    widget_bundle: Path = WIDGET_BUNDLE
    app: app_settings.Settings | None = None  # every setting, for the insights (tracker store, ADMIN_TOKEN)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, port: int | None = None) -> Settings:
        """The page server's part of the project's settings (`settings.Settings`), `port` overriding WEB_PORT."""
        found = app_settings.Settings.from_env(env)
        if port:
            found = found.replace(web_port_raw=str(port))
        return cls(
            port=found.web_port,
            host=found.web_host,
            public_url=found.web_public_url,
            rasa_url=found.rasa_public_url,
            knowledge_dir=found.knowledge_dir,
            app=found,
        )


def websocket_origin(http_origin: str) -> str:
    return "ws" + http_origin[len("http") :] if http_origin.startswith("http") else http_origin


def content_security_policy(settings: Settings) -> str:
    """Only what the page uses: scripts from this server (no inline script, no eval); `<style>` elements inline too,
    because the widget injects its stylesheet at run time, but no `style=""` attributes (React sets styles through
    the DOM, which CSP does not restrict); images from here (the chart) and data: URIs (the widget's icons);
    connections only to the Rasa server's socket.io endpoint (long-polling and WebSocket). No fonts, frames,
    plugins, forms posted elsewhere, or embedding in other sites."""
    rasa = app_settings.origin_of(settings.rasa_url)
    public = app_settings.origin_of(settings.public_url)
    directives = {
        "default-src": "'none'",
        "script-src": "'self'",
        "style-src": "'self' 'unsafe-inline'",  # for browsers without CSP level 3's -elem/-attr directives
        "style-src-elem": "'self' 'unsafe-inline'",
        "style-src-attr": "'none'",
        "img-src": f"'self' data: {public}",
        "connect-src": f"{rasa} {websocket_origin(rasa)}",
        "base-uri": "'none'",
        "form-action": "'none'",
        "frame-ancestors": "'none'",
        "object-src": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class Cached:
    """A value computed from files, recomputed when one of them changes (the knowledge files may be edited)."""

    def __init__(self, paths: Callable[[], Tuple[Path, ...]], build: Callable[[], Any]) -> None:
        self.paths, self.build = paths, build
        self.key: Any = None
        self.value: Any = None

    def get(self) -> Any:
        key = tuple((p, p.stat().st_mtime_ns) for p in self.paths())
        if key != self.key:
            self.value, self.key = self.build(), key
        return self.value


def create_app(settings: Settings) -> web.Application:
    kb_file = settings.knowledge_dir / knowledge_base.ARTICLE_FILE

    def load_kb() -> knowledge_base.KnowledgeBase:
        return knowledge_base.load(settings.knowledge_dir)

    widget = page.WidgetSettings(socket_url=settings.rasa_url)
    kb_cache = Cached(lambda: (kb_file,), load_kb)

    def article_file() -> Path:
        return settings.knowledge_dir / kb_cache.get().source["file"]

    page_cache = Cached(
        lambda: (kb_file, article_file()),
        lambda: page.render(article_file().read_text(encoding="utf-8"), kb_cache.get(), widget).encode(),
    )
    chart_cache = Cached(lambda: (kb_file,), lambda: charts.salary_svg(kb_cache.get()).encode())
    csp = content_security_policy(settings)

    @web.middleware
    async def security_headers(request: web.Request, handler: Callable) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as error:
            response = error
        operators = request.path == "/insights" or request.path.startswith("/insights/")
        response.headers["Content-Security-Policy"] = admin.CSP if operators else csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault("Cache-Control", "no-store" if operators else "no-cache")
        if isinstance(response, web.HTTPException):
            raise response
        return response

    async def index(_: web.Request) -> web.Response:
        return web.Response(body=page_cache.get(), content_type="text/html", charset="utf-8")

    async def salary_chart(_: web.Request) -> web.Response:
        return web.Response(body=chart_cache.get(), content_type="image/svg+xml", charset="utf-8")

    async def widget_bundle(_: web.Request) -> web.StreamResponse:
        if not settings.widget_bundle.is_file():
            logger.error(f"{settings.widget_bundle} is missing: run `npm ci` in web/ (make web-deps)")
            raise web.HTTPServiceUnavailable(text="The chat widget is not installed: run `make web-deps`.")
        return web.FileResponse(settings.widget_bundle, headers={"Content-Type": "text/javascript"})

    async def no_favicon(_: web.Request) -> web.Response:
        return web.Response(status=204)

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "widget": settings.widget_bundle.is_file()})

    app = web.Application(middlewares=[security_headers])
    app.router.add_get("/", index)
    app.router.add_get(SALARY_CHART_PATH, salary_chart)
    app.router.add_get("/static/webchat.js", widget_bundle)
    app.router.add_get("/health", health)
    app.router.add_get("/favicon.ico", no_favicon)
    app.router.add_static("/static/", STATIC_DIR, follow_symlinks=False)
    admin.Admin(settings.app or app_settings.Settings.from_env()).install(app)
    return app


def main(argv: Any = None, env: Dict[str, str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serves the article page with the chat widget.")
    parser.add_argument("--port", type=int, default=None, help="port (default: $WEB_PORT or 8080)")
    args = parser.parse_args(argv)
    settings = Settings.from_env(env, args.port)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if not settings.widget_bundle.is_file():
        logger.warning(f"{settings.widget_bundle} is missing: the chat widget will not load (run `make web-deps`)")
    logger.info(f"Page at {settings.public_url}/ (widget talks to {settings.rasa_url})")
    if settings.app is not None and settings.app.insights_enabled:
        logger.info(f"Insights at {settings.public_url}/insights (ADMIN_TOKEN set)")
    else:
        logger.info("Insights: off (set ADMIN_TOKEN to turn them on)")
    web.run_app(create_app(settings), host=settings.host, port=settings.port, print=None)


if __name__ == "__main__":
    main()
