"""Starts the action server, the Rasa server and (optionally) the web page server, waits until they answer, and
stops them together.

`python -m service.launcher` is what `make run` runs (all three); the end-to-end tests use `start()`/`Stack.stop()`.
Under `make run` a server that dies is started again (`Supervisor`: backoff 1, 2, 4 … 30 s, one log line each
time) instead of stopping the others: while the action server is down the Rasa server answers with the apology,
while the Rasa server restarts the conversations wait in the tracker store. Ctrl-C (or SIGTERM) stops all.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List

from service import runtime_config
from settings import ConfigError, Settings

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "current.tar.gz"


def http_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as reply:
            return 200 <= reply.status < 300
    except OSError:
        return False


def wait_until(url: str, process: subprocess.Popen, deadline_s: float, what: str) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode} before it was ready")
        if http_ok(url):
            return
        time.sleep(0.25)
    raise TimeoutError(f"{what} did not answer at {url} within {deadline_s:.0f} s")


@dataclass
class Stack:
    rasa_port: int
    action_port: int
    processes: List[subprocess.Popen] = field(default_factory=list)
    env: Dict[str, str] = field(default_factory=dict)
    log_dir: Path | None = None
    actions: subprocess.Popen | None = None
    notes: List[str] = field(default_factory=list)
    web_port: int | None = None
    rasa: subprocess.Popen | None = None
    web: subprocess.Popen | None = None
    rasa_args: List[str] = field(default_factory=list)

    @property
    def rest_url(self) -> str:
        return f"http://localhost:{self.rasa_port}/webhooks/rest/webhook"

    @property
    def web_url(self) -> str | None:
        """The page with the chat widget, as browsers reach it (None when the page server was not started)."""
        return Settings.from_env(self.env).web_public_url + "/" if self.web_port is not None else None

    def stop_actions(self) -> None:
        """Stops only the action server (the Rasa server keeps running)."""
        if self.actions is not None:
            _terminate([self.actions])
            if self.actions in self.processes:
                self.processes.remove(self.actions)
            self.actions = None

    def start_actions(self, extra_env: Dict[str, str] | None = None, wait: bool = True) -> None:
        """(Re)starts the action server on the same port, e.g. after the knowledge files changed."""
        self.stop_actions()
        self.actions = start_action_server(self, {**self.env, **(extra_env or {})}, self.log_dir, wait)
        self.processes.insert(0, self.actions)

    def stop(self) -> None:
        _terminate(self.processes)
        self.processes.clear()
        self.actions = self.rasa = self.web = None


def _terminate(processes: List[subprocess.Popen]) -> None:
    for process in reversed(processes):
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    for process in reversed(processes):
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def base_env(
    action_port: int,
    extra: Dict[str, str] | None = None,
    rasa_port: int | None = None,
    web_port: int | None = None,
) -> Dict[str, str]:
    """The environment of the three servers: this process's, the given ports and overrides, with the web settings
    (WEB_PUBLIC_URL, RASA_PUBLIC_URL) written out, so the action server links the chart to the page server that
    is actually running. Raises ConfigError on a bad setting."""
    env = dict(os.environ)  # passed through to the servers, which read their settings from it once
    env.update(
        {
            "ACTION_PORT": str(action_port),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONWARNINGS": "ignore",
        }
    )
    if rasa_port is not None:
        env["RASA_PORT"] = str(rasa_port)
    if web_port is not None:
        env["WEB_PORT"] = str(web_port)
    env.update(extra or {})
    settings = Settings.from_env(env)
    env["WEB_PUBLIC_URL"] = settings.web_public_url
    env["RASA_PUBLIC_URL"] = settings.rasa_public_url
    return env


def start_action_server(stack: Stack, env: Dict[str, str], log_dir: Path | None, wait: bool = True) -> subprocess.Popen:
    out = open(log_dir / f"actions-{stack.action_port}.log", "a") if log_dir else None
    process = subprocess.Popen(
        [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(stack.action_port)],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT if out else None,
    )
    if wait:
        wait_until(f"http://localhost:{stack.action_port}/health", process, 60, "The action server")
    return process


def api_args(settings: runtime_config.SettingsOrEnv) -> tuple[List[str], List[str]]:
    """Rasa's HTTP API is off unless RASA_ENABLE_API=true, and then only with a token from RASA_AUTH_TOKEN."""
    settings = runtime_config.as_settings(settings)
    if not settings.enable_api:
        return [], []
    if not settings.auth_token.strip():
        raise ConfigError("RASA_ENABLE_API=true needs a token in RASA_AUTH_TOKEN: refusing to start")
    # service.rasa_main adds `--auth-token` from the environment, so the token never shows in `ps`.
    return ["--enable-api"], ["HTTP API: enabled, every request needs ?token=<RASA_AUTH_TOKEN>"]


def rasa_command(rasa_port: int, model: Path, env: Dict[str, str], shell: bool = False) -> tuple[List[str], List[str]]:
    """The Rasa command line (with runtime credentials/endpoints written for this port) and operator notes. Raises
    ConfigError on a bad setting, here rather than in the server."""
    settings = Settings.from_env({**env, "RASA_PORT": str(rasa_port)})
    credentials, endpoints, notes = runtime_config.write(settings, f"rasa-{rasa_port}")
    rasa = [sys.executable, "-m", "service.rasa_main"]
    common = ["--model", str(model), "--endpoints", str(endpoints)]
    if shell:
        return [*rasa, "shell", *common], notes
    api, api_notes = api_args(settings)
    command = [*rasa, "run", *common, "--port", str(rasa_port), "--credentials", str(credentials), *api]
    # CORS headers for browsers on the allowed origins (the socket.io long-polling transport needs them).
    return command + ["--cors", *settings.allowed_origins], notes + api_notes


def start_web_server(stack: Stack, env: Dict[str, str], log_dir: Path | None, wait: bool = True) -> subprocess.Popen:
    """The page with the article and the chat widget (web/server.py)."""
    out = open(log_dir / f"web-{stack.web_port}.log", "a") if log_dir else None
    process = subprocess.Popen(
        [sys.executable, "-m", "web.server", "--port", str(stack.web_port)],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT if out else None,
    )
    if wait:
        wait_until(f"http://localhost:{stack.web_port}/health", process, 60, "The page server")
    return process


def start_rasa_server(stack: Stack, log_dir: Path | None) -> subprocess.Popen:
    out = open(log_dir / f"rasa-{stack.rasa_port}.log", "a") if log_dir else None
    return subprocess.Popen(
        stack.rasa_args, cwd=ROOT, env=stack.env, stdout=out, stderr=subprocess.STDOUT if out else None
    )


BACKOFF_S = (1, 2, 4, 8, 16, 30)
STABLE_S = 60  # a server up this long has recovered: its next crash starts the backoff again


@dataclass
class _Watched:
    name: str
    restarts: int = 0
    started: float = field(default_factory=time.monotonic)
    due: float | None = None  # when to start it again after it died


class Supervisor:
    """Restarts a server of the stack that died, with backoff; never the ones still running."""

    def __init__(self, stack: Stack, log: Callable[[str], None] | None = None) -> None:
        self.stack = stack
        self.log = log or (lambda line: print(line, flush=True))
        self.watched: Dict[str, _Watched] = {}

    def processes(self) -> Dict[str, subprocess.Popen | None]:
        stack = self.stack
        found = {"Rasa server": stack.rasa, "action server": stack.actions, "page server": stack.web}
        return {name: process for name, process in found.items() if process is not None or name in self.watched}

    def check(self, now: float | None = None) -> None:
        """One look at every server: note those that died, start those whose backoff is over."""
        now = time.monotonic() if now is None else now
        for name, process in self.processes().items():
            watched = self.watched.setdefault(name, _Watched(name))
            if watched.due is None:
                if process is None or process.poll() is None:
                    continue
                if now - watched.started >= STABLE_S:
                    watched.restarts = 0
                delay = BACKOFF_S[min(watched.restarts, len(BACKOFF_S) - 1)]
                watched.due = now + delay
                self.log(
                    f"The {name} (pid {process.pid}) exited with code {process.returncode}; "
                    f"restarting it in {delay} s (restart {watched.restarts + 1})."
                )
            elif now >= watched.due:
                self.restart(name)
                watched.restarts += 1
                watched.started, watched.due = now, None

    def restart(self, name: str) -> None:
        stack = self.stack
        if name == "action server":
            old = stack.actions
            stack.actions = start_action_server(stack, stack.env, stack.log_dir, wait=False)
            new = stack.actions
        elif name == "Rasa server":
            old, new = stack.rasa, start_rasa_server(stack, stack.log_dir)
            stack.rasa = new
        else:
            old, new = stack.web, start_web_server(stack, stack.env, stack.log_dir, wait=False)
            stack.web = new
        stack.processes[:] = [new if p is old else p for p in stack.processes]
        if new not in stack.processes:
            stack.processes.append(new)
        self.log(f"Started the {name} again (pid {new.pid}).")


def start(
    rasa_port: int = 5005,
    action_port: int = 5055,
    model: Path = MODEL,
    extra_env: Dict[str, str] | None = None,
    log_dir: Path | None = None,
    with_actions: bool = True,
    with_web: bool = False,
    web_port: int | None = None,
) -> Stack:
    """Starts the servers and returns once the REST channel answers (the model is loaded by then); with `with_web`
    also the page server, on `web_port` (default $WEB_PORT or 8080)."""
    if with_web and web_port is None:
        web_port = Settings.from_env({**os.environ, **(extra_env or {})}).web_port
    env = base_env(action_port, extra_env, rasa_port=rasa_port, web_port=web_port)
    stack = Stack(rasa_port, action_port, env=env, log_dir=log_dir, web_port=web_port if with_web else None)
    try:
        command, stack.notes = rasa_command(rasa_port, model, env)  # a configuration error stops us before any start
        if with_actions:  # started side by side with the Rasa server: both load in parallel
            stack.start_actions(wait=False)
        if with_web:
            stack.web = start_web_server(stack, env, log_dir)
            stack.processes.append(stack.web)
        stack.rasa_args = command
        rasa = stack.rasa = start_rasa_server(stack, log_dir)
        stack.processes.append(rasa)
        if stack.actions is not None:
            wait_until(f"http://localhost:{action_port}/health", stack.actions, 60, "The action server")
        wait_until(f"http://localhost:{rasa_port}/webhooks/rest/", rasa, 180, "The Rasa server")
    except Exception:
        stack.stop()
        raise
    return stack


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shell", action="store_true", help="chat in the terminal instead of serving HTTP")
    parser.add_argument(
        "--no-actions",
        action="store_true",
        help="start only the Rasa server; it calls the action server at ACTION_ENDPOINT_URL (scale-out, Docker)",
    )
    parser.add_argument(
        "--no-web", action="store_true", help="do not start the page server (it runs in a container of its own)"
    )
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    rasa_port, action_port = settings.rasa_port, settings.action_port
    if args.shell:
        env = base_env(action_port)
        stack = Stack(rasa_port, action_port, env=env)
        stack.start_actions()
        try:
            return subprocess.call(rasa_command(rasa_port, MODEL, env, shell=True)[0], cwd=ROOT, env=env)
        finally:
            stack.stop()
    started = time.monotonic()
    try:
        stack = start(
            rasa_port,
            action_port,
            with_actions=not args.no_actions,
            with_web=not args.no_web,
            web_port=settings.web_port,
        )
    except ConfigError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    actions = settings.action_endpoint_url_raw or f"http://localhost:{action_port}/health"
    print(
        f"\nThe assistant is ready ({time.monotonic() - started:.0f} s to start).\n"
        f"  Web page:       {stack.web_url or 'not started here (--no-web)'}  (the article with the chat widget)\n"
        f'  REST:           POST {stack.rest_url}  body {{"sender": "you", "message": "hi"}}\n'
        f"  Action server:  {actions}\n"
        f"  {insights_line(settings)}\n"
        f"  {metrics_line(settings)}\n"
        + "".join(f"  {note}\n" for note in stack.notes)
        + "A server that stops is started again. Press Ctrl-C to stop them all.",
        flush=True,
    )
    stopping = {"now": False}

    def request_stop(signum: int, frame: object) -> None:
        stopping["now"] = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    supervisor = Supervisor(stack)
    try:
        while not stopping["now"]:
            time.sleep(0.5)
            if not stopping["now"]:  # a Ctrl-C reaches the servers too: they are not restarted then
                supervisor.check()
    finally:
        stack.stop()
    return 0


def insights_line(settings: Settings) -> str:
    """`Insights: <url>`, or that they are off and why."""
    if settings.insights_enabled:
        return f"Insights:       {settings.web_public_url}/insights  (sign in with ADMIN_TOKEN)"
    return "Insights:       off (ADMIN_TOKEN is not set; set it to a long random token to turn them on)"


def metrics_line(settings: Settings) -> str:
    """`Metrics: <url>` of the Rasa server's Prometheus endpoint, or that it is off and why."""
    if not settings.rasa_patches:
        return "Metrics:        off (RASA_PATCHES=off runs stock Rasa, without /metrics)"
    if not settings.metrics:
        return "Metrics:        off (METRICS=off)"
    return f"Metrics:        http://localhost:{settings.rasa_port}/metrics  (Prometheus)"


if __name__ == "__main__":
    sys.exit(main())
