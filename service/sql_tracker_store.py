"""Rasa's SQL tracker store (same table, same rows, same session semantics) at a fraction of its cost per turn.

Profiled under load (py-spy), Rasa 3.6's SQLTrackerStore was ~30% of the Rasa server's CPU on a turn, nearly all of
it SQLAlchemy ORM overhead: every save first counted the stored events of the session with an ORM query, then
inserted the new ones as ORM objects, and every retrieve built ORM entities only to read their `data` column.
Here the statements are plain SQLAlchemy Core, built once, rows are parsed with orjson, and the number of events
already stored is remembered on the tracker that was read (the turn holds the conversation's lock from read to
save, so it is exact); a tracker that was not read here (a new conversation) falls back to Rasa's own count.
"""

from __future__ import annotations

import json
from typing import Any, Dict

import orjson
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

STORED = "_events_in_store"  # attribute set on trackers read or written here: how many of its events are stored


class LeanSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
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
        write-ahead log: a commit appends to the log instead of rewriting pages through a rollback journal. With
        `synchronous=NORMAL` a commit survives the server process crashing; only a power cut can lose the last
        few turns (SQLite's documented trade-off for WAL mode)."""
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
        query = self._all_sessions if fetch_events_from_all_sessions else self._latest_session
        with self.session_scope() as session:
            rows = session.execute(query, {"sender_id": sender_id}).scalars().all()
        if not self.domain or not rows:
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, [orjson.loads(data) for data in rows], self.domain.slots)
        setattr(tracker, STORED, len(rows))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
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
