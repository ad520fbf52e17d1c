"""The configured tracker store's `events` table, read and written directly (SQLAlchemy Core).

Rasa's SQL tracker store keeps one row per event: `sender_id`, `type_name`, `timestamp`, `intent_name`,
`action_name` and the event as JSON in `data`. Reading those columns with one ordered query is what lets a report
over 100,000 conversations take seconds: no tracker objects, no Rasa import, the JSON parsed only for the kinds of
event a report needs. The same connection settings as the Rasa server's (settings.py), so `make insights` and
`make forget` see exactly what the assistant stores, whether or not it runs.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Tuple

import orjson
import sqlalchemy as sa

from settings import Settings

# Event kinds whose JSON the report reads (the others are told apart by their columns alone).
NEEDED_DATA = ("user", "bot", "slot", "active_loop")
# Actions that say nothing about a reply: not even read.
SKIPPED_ACTIONS = ("action_listen", "action_session_start", "action_extract_slots")
BATCH = 20_000
SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")  # Slack user ids: U… or W… (Enterprise Grid)

METADATA = sa.MetaData()
EVENTS = sa.Table(
    "events",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)


class StoreUnavailable(RuntimeError):
    """The configured tracker store keeps nothing to read (TRACKER_STORE=memory) or cannot be reached."""


Row = Tuple[str, str, float, str | None, str | None, str | None]


def url_of(settings: Settings) -> sa.engine.URL:
    """The database URL of the tracker store the Rasa server is configured with (same settings)."""
    if settings.tracker_store == "memory":
        raise StoreUnavailable(
            "TRACKER_STORE=memory keeps conversations only inside the Rasa server: nothing to read or delete here. "
            "Use TRACKER_STORE=sqlite (the default) or postgresql."
        )
    if settings.tracker_store == "sqlite":
        return sa.engine.URL.create("sqlite", database=str(settings.sqlite_path))
    return sa.engine.URL.create(
        "postgresql+psycopg2",
        username=settings.postgres_user,
        password=settings.postgres_password or None,
        host=settings.postgres_host,
        port=settings.postgres_port,
        database=settings.postgres_db,
    )


def describe(settings: Settings) -> str:
    """Where the conversations are, for the operator (no password)."""
    if settings.tracker_store == "sqlite":
        return f"SQLite {settings.sqlite_path}"
    if settings.tracker_store == "postgresql":
        s = settings
        return f"PostgreSQL {s.postgres_user}@{s.postgres_host}:{s.postgres_port}/{s.postgres_db}"
    return "memory (nothing stored)"


@dataclass
class Store:
    """The events table of one tracker store."""

    engine: sa.engine.Engine
    where: str

    @classmethod
    def open(cls, settings: Settings) -> Store:
        url = url_of(settings)
        if url.get_backend_name() == "sqlite":
            engine = sa.create_engine(url, connect_args={"timeout": 30})
        else:
            engine = sa.create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=2)
        return cls(engine, describe(settings))

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def connection(self) -> Iterator[sa.engine.Connection]:
        try:
            with self.engine.connect() as connection:
                yield connection
        except sa.exc.OperationalError as error:
            raise StoreUnavailable(f"cannot reach the tracker store ({self.where}): {error.orig}") from None

    def has_events(self, connection: sa.engine.Connection) -> bool:
        """False before Rasa created the table (no conversation yet): an empty report, not an error."""
        return sa.inspect(connection).has_table("events")

    def rows(self, start: float | None, end: float | None) -> Iterator[Row]:
        """Every event of the period a report uses, conversation by conversation, in stored order; JSON only
        where needed. Read through the driver's own cursor (a server-side one on PostgreSQL), in batches: at a
        few million rows, SQLAlchemy's row objects alone would cost seconds."""
        data = sa.case((EVENTS.c.type_name.in_(NEEDED_DATA), EVENTS.c.data), else_=sa.null())
        query = sa.select(
            EVENTS.c.sender_id, EVENTS.c.type_name, EVENTS.c.timestamp, EVENTS.c.action_name, EVENTS.c.intent_name, data
        ).where(
            sa.or_(
                EVENTS.c.type_name.in_(NEEDED_DATA),
                sa.and_(EVENTS.c.type_name == "action", EVENTS.c.action_name.notin_(SKIPPED_ACTIONS)),
            )
        )
        if start is not None:
            query = query.where(EVENTS.c.timestamp >= float(start))
        if end is not None:
            query = query.where(EVENTS.c.timestamp < float(end))
        query = query.order_by(EVENTS.c.sender_id, EVENTS.c.id)
        sql = str(query.compile(dialect=self.engine.dialect, compile_kwargs={"literal_binds": True}))
        with self.connection() as connection:
            if not self.has_events(connection):
                return
            raw = connection.connection
            server_side = self.engine.dialect.name == "postgresql"
            cursor = raw.cursor(name="insights_rows") if server_side else raw.cursor()
            try:
                if server_side:
                    cursor.itersize = BATCH
                cursor.execute(sql)
                while True:
                    batch = cursor.fetchmany(BATCH)
                    if not batch:
                        break
                    yield from batch
            finally:
                cursor.close()

    def conversations_of(self, person: str) -> List[str]:
        """The sender ids holding one person's conversations: the id itself (REST sender, web session id) and,
        for a Slack user id, the `<user>_<channel>` conversations Rasa's Slack channel keys by user and channel
        (only those whose messages did come from Slack)."""
        with self.connection() as connection:
            if not self.has_events(connection):
                return []
            found = (
                [person]
                if connection.execute(sa.select(EVENTS.c.id).where(EVENTS.c.sender_id == person).limit(1)).first()
                else []
            )
            if SLACK_USER.match(person):
                pattern = person + "\\_%"
                candidates = connection.execute(
                    sa.select(EVENTS.c.sender_id).where(EVENTS.c.sender_id.like(pattern, escape="\\")).distinct()
                ).scalars()
                for sender in candidates:
                    first_user = connection.execute(
                        sa.select(EVENTS.c.data)
                        .where(EVENTS.c.sender_id == sender, EVENTS.c.type_name == "user")
                        .order_by(EVENTS.c.id)
                        .limit(1)
                    ).scalar()
                    if load(first_user).get("input_channel") == "slack":
                        found.append(sender)
            return found

    def count(self, sender_id: str) -> int:
        with self.connection() as connection:
            if not self.has_events(connection):
                return 0
            query = sa.select(sa.func.count()).select_from(EVENTS).where(EVENTS.c.sender_id == sender_id)
            return int(connection.execute(query).scalar_one())

    def events_of(self, sender_id: str, limit: int | None = None) -> List[Dict[str, Any]]:
        """One conversation's events as Rasa stored them (parsed JSON), oldest first."""
        with self.connection() as connection:
            if not self.has_events(connection):
                return []
            query = sa.select(EVENTS.c.data).where(EVENTS.c.sender_id == sender_id).order_by(EVENTS.c.id)
            if limit is not None:
                query = query.limit(limit)
            return [load(data) for data in connection.execute(query).scalars()]

    def delete(self, sender_id: str) -> int:
        """Deletes every event of one sender; returns how many rows went."""
        with self.engine.begin() as connection:
            if not self.has_events(connection):
                return 0
            return connection.execute(EVENTS.delete().where(EVENTS.c.sender_id == sender_id)).rowcount or 0

    def delete_many(self, senders: List[str], batch: int = 500) -> int:
        """Deletes every event of these senders, a batch per statement; returns how many rows went."""
        deleted = 0
        with self.engine.begin() as connection:
            for index in range(0, len(senders), batch):
                chunk = senders[index : index + batch]
                deleted += connection.execute(EVENTS.delete().where(EVENTS.c.sender_id.in_(chunk))).rowcount or 0
        return deleted

    def senders_idle_since(self, cutoff: float) -> List[str]:
        """Conversations whose newest event is older than `cutoff` (retention)."""
        with self.connection() as connection:
            if not self.has_events(connection):
                return []
            newest = sa.func.max(EVENTS.c.timestamp)
            query = sa.select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id).having(newest < cutoff)
            return list(connection.execute(query).scalars())


def load(data: str | bytes | None) -> Dict[str, Any]:
    """A stored event's JSON: orjson, or `json` for what Rasa's json.dumps writes and orjson refuses (NaN, lone
    surrogates); {} for a row that is not JSON at all."""
    if not data:
        return {}
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        import json

        try:
            return json.loads(data)
        except ValueError:
            return {}
