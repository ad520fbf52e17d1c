"""Real PostgreSQL and Redis servers for tests: Debian packages (installed if missing), on free loopback ports, in
temporary folders, run as an unprivileged user (PostgreSQL refuses to run as root), stopped afterwards."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import List

from tests.e2e.conftest import ROOT, free_port

PACKAGES = {"redis-server": "redis-server", "/usr/lib/postgresql/15/bin/postgres": "postgresql"}


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    return Path(found[-1]).parent if found else None


def ensure_packages() -> None:
    """Installs redis-server and postgresql with scripts/system_packages.sh when either is missing."""
    if shutil.which("redis-server") and postgres_bin():
        return
    pairs = [f"{command}={package}" for command, package in PACKAGES.items()]
    subprocess.run([str(ROOT / "scripts" / "system_packages.sh"), *pairs], check=True)


def _user() -> tuple[List[str], int | None]:
    """The command prefix and uid to run servers with: `runuser -u postgres` when we are root."""
    if os.geteuid() != 0:
        return [], None
    return ["runuser", "-u", "postgres", "--"], pwd.getpwnam("postgres").pw_uid


def _wait(check, what: str, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited: {log.read_text()[-2000:]}")
        if check():
            return
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not start: {log.read_text()[-2000:]}")


class _Service:
    """A server process in a temporary folder, stopped again if it fails to start."""

    def __init__(self, password: str, prefix: str) -> None:
        self.password, self.port = password, free_port()
        self.dir = Path(tempfile.mkdtemp(prefix=prefix))
        self.process: subprocess.Popen | None = None

    def start(self):
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self):
        raise NotImplementedError

    def stop(self) -> None:
        """Terminates the server (PostgreSQL: a "smart" shutdown; it runs as postgres, we may still signal it), kills
        it after 20 s, and removes its folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


class Postgres(_Service):
    """A throw-away PostgreSQL cluster with a password-protected user `rasa` and a database `rasa`."""

    def __init__(self, password: str) -> None:
        super().__init__(password, "am-pm-pg-")
        self.user, self.db = "rasa", "rasa"

    def _start(self) -> Postgres:
        binaries = postgres_bin()
        prefix, uid = _user()
        (self.dir / "pwfile").write_text(self.password)
        if uid is not None:
            os.chown(self.dir, uid, -1)
            os.chown(self.dir / "pwfile", uid, -1)
        data, log = self.dir / "data", self.dir / "postgres.log"
        subprocess.run(
            [*prefix, str(binaries / "initdb"), "-D", str(data), "-U", self.user, "--pwfile", str(self.dir / "pwfile")]
            + ["--auth", "scram-sha-256", "--encoding", "UTF8", "--no-instructions"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off -c max_connections=100"
        self.process = subprocess.Popen(
            [*prefix, str(binaries / "postgres"), "-D", str(data), *options.split()],
            stdout=open(log, "w"),
            stderr=subprocess.STDOUT,
        )
        _wait(self._ready, "PostgreSQL", self.process, log)
        connection = self.connect("postgres")
        try:
            connection.autocommit = True  # CREATE DATABASE cannot run in a transaction
            connection.cursor().execute(f"CREATE DATABASE {self.db}")
        finally:
            connection.close()
        return self

    def tracker_store_env(self) -> dict[str, str]:
        """The settings (environment variables) that point the assistant's tracker store at this cluster."""
        return {
            "TRACKER_STORE": "postgresql",
            "POSTGRES_HOST": "127.0.0.1",
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_DB": self.db,
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
        }

    def connect(self, db: str | None = None):
        import psycopg2

        return psycopg2.connect(
            host="127.0.0.1", port=self.port, user=self.user, password=self.password, dbname=db or self.db
        )

    def _ready(self) -> bool:
        try:
            self.connect("postgres").close()
            return True
        except Exception:
            return False


class Redis(_Service):
    """A throw-away Redis with a password, no persistence."""

    def __init__(self, password: str) -> None:
        super().__init__(password, "am-pm-redis-")

    def _start(self) -> Redis:
        prefix, uid = _user()
        if uid is not None:
            os.chown(self.dir, uid, -1)
        log = self.dir / "redis.log"
        conf = self.dir / "redis.conf"  # the password goes in a file, not on the command line
        conf.write_text(
            f'port {self.port}\nbind 127.0.0.1\ndir {self.dir}\nsave ""\nappendonly no\nrequirepass {self.password}\n'
        )
        if uid is not None:
            os.chown(conf, uid, -1)
        self.process = subprocess.Popen(
            [*prefix, shutil.which("redis-server") or "redis-server", str(conf)],
            stdout=open(log, "w"),
            stderr=subprocess.STDOUT,
        )
        _wait(self._ready, "Redis", self.process, log)
        return self

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, password=self.password, db=1)

    def _ready(self) -> bool:
        try:
            return bool(self.client().ping())
        except Exception:
            return False
