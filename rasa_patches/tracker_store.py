"""Rasa's SQL tracker store (same table, same rows, same session semantics) at a fraction of its cost per turn.

Rasa: `SQLTrackerStore` counted the stored events of the session with an ORM query before every save, inserted the
new ones as ORM objects, and built ORM entities on every read only to take their `data` column (~30% of the Rasa
server's CPU on a turn, profiled with py-spy); a SQLite file gets a new connection per transaction and a rollback
journal.

Here (`LeanSQLTrackerStore`, a subclass; the plugin's `create_tracker_store` hook hands it out for `type: sql`):
- the statements are SQLAlchemy Core, built once; rows are parsed with orjson, and with `json` whenever orjson
  refuses a row (Rasa writes with `json.dumps`, which writes lone surrogates such as "\\ud83d" and NaN/Infinity,
  which orjson cannot read back): every row Rasa writes can be read;
- the number of events already stored is remembered on the tracker that was read (a turn holds the conversation's
  lock from read to save, so it is exact); a tracker not read here falls back to Rasa's own count;
- a SQLite file keeps its connections and runs in write-ahead-log mode with `synchronous=NORMAL` (a turn survives
  the server being killed; a power cut can lose the last few turns: SQLite's documented trade-off). An in-memory
  database (`sqlite:///`, `:memory:`) keeps Rasa's engine: replacing it would drop its tables.

Why: per-turn CPU and latency of the Rasa server. The class checks the Rasa version it was written for: on another
version it refuses, and behaves as Rasa's `SQLTrackerStore`.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict

import orjson
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from rasa_patches import _core

WRITTEN_FOR = "3.6.21"
STORED = "_events_in_store"  # attribute set on trackers read or written here: how many of its events are stored

logger = logging.getLogger(__name__)


def load_row(data: str | bytes) -> Dict[str, Any]:
    """An event's stored JSON: orjson, or `json` for what orjson refuses (lone surrogates, NaN, Infinity)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


def is_in_memory(url: Any) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


class LeanSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lean = _core.version_fits(type(self).__name__, WRITTEN_FOR)
        if not self.lean:
            return
        if self.engine.dialect.name == "sqlite" and not is_in_memory(self.engine.url):
            self._tune_sqlite()
        events = self.SQLEvent.__table__
        sender = sa.bindparam("sender_id")
        session_start = (
            sa.select(sa.func.max(events.c.timestamp))
            .where(events.c.sender_id == sender, events.c.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        everything = sa.select(events.c.data).where(events.c.sender_id == sender).order_by(events.c.id)
        # As Rasa's _event_query: the latest session's events, or all of them when no session was ever started.
        self._latest_session = everything.where(sa.or_(events.c.timestamp >= session_start, session_start.is_(None)))
        self._all_sessions = everything
        self._insert = events.insert()

    def _tune_sqlite(self) -> None:
        """Keeps connections open (SQLAlchemy 1.4 opens a new one per transaction for a SQLite file) and uses a
        write-ahead log: a commit appends to the log instead of rewriting pages through a rollback journal."""
        self.engine.dispose()
        self.engine = sa.create_engine(
            self.engine.url, poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False}
        )

        @sa.event.listens_for(self.engine, "connect")
        def _pragmas(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        if not self.lean:
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        query = self._all_sessions if fetch_events_from_all_sessions else self._latest_session
        with self.session_scope() as session:
            rows = session.execute(query, {"sender_id": sender_id}).scalars().all()
        if not self.domain or not rows:
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, [load_row(data) for data in rows], self.domain.slots)
        setattr(tracker, STORED, len(rows))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        if not self.lean:
            return await super().save(tracker)
        await self.stream_events(tracker)
        with self.session_scope() as session:
            stored = getattr(tracker, STORED, None)
            new_events = (
                list(tracker.events)[stored:] if stored is not None else list(self._additional_events(session, tracker))
            )
            if new_events:
                session.execute(self._insert, [_row(tracker.sender_id, event) for event in new_events])
                session.commit()
        setattr(tracker, STORED, len(tracker.events))


def _row(sender_id: str, event: Any) -> Dict[str, Any]:
    """The row Rasa's SQLTrackerStore writes for an event."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }
