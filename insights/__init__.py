"""What the people who run the assistant need to see and do, read straight from the configured tracker store.

- `classify`: what kind of reply a turn got (answered, declined, rephrase-prompted, small talk, ...) and its topics;
  shared by the insights report and the Rasa server's metrics, so both count the same way;
- `store`: the tracker store's `events` table (SQLite or PostgreSQL) read and written with SQLAlchemy Core;
- `report`: one pass over a period's events -> the report (unanswered questions, topics, shares, funnel, results);
- `charts` / `render`: SVG charts, the terminal report, the HTML page and the CSV export;
- `people`: data requests (export and delete one person's conversations) and retention;
- `__main__`: `make insights`, `make export SENDER=…`, `make forget SENDER=…`, `make retention`.

Only the standard library, SQLAlchemy, orjson and PyYAML (plus the assessment's own scoring, actions/assessment):
no Rasa import, so it runs whether or not the servers do, and in the page server.
"""
