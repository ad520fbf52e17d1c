"""`python -m insights …`: the operator's commands, against the configured tracker store (servers running or not).

    python -m insights report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--days N] [--csv FILE --part questions]
    python -m insights export SENDER [--out FILE]       everything stored for one person, as JSON
    python -m insights forget SENDER                    deletes it
    python -m insights retention                        deletes conversations idle for RETENTION_DAYS days

Exit codes: 0 done, 2 bad input (a clear sentence on stderr), 3 the store cannot be read, 4 unknown sender.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import List

from insights import people, render, report
from insights.store import Store, StoreUnavailable
from settings import ConfigError, Settings


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m insights", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rep = commands.add_parser("report", help="the insights report in the terminal, or one part as CSV")
    rep.add_argument("--from", dest="first", default=None, help="first day (YYYY-MM-DD, UTC)")
    rep.add_argument("--to", dest="last", default=None, help="last day, included (default today)")
    rep.add_argument("--days", default=None, help="the last N days (default 30)")
    rep.add_argument("--csv", default=None, help="write one part of the report as CSV to this file ('-': stdout)")
    rep.add_argument("--part", default="questions", choices=render.PARTS)
    rep.add_argument("--limit", type=int, default=20, help="questions listed in the terminal")
    exp = commands.add_parser("export", help="everything stored for one person, as JSON")
    exp.add_argument("sender")
    exp.add_argument("--out", default="-", help="file to write ('-': stdout)")
    fgt = commands.add_parser("forget", help="delete everything stored for one person")
    fgt.add_argument("sender")
    commands.add_parser("retention", help="delete conversations idle for more than RETENTION_DAYS days")
    args = parser.parse_args(argv)

    try:
        settings = Settings.from_env()
        store = Store.open(settings)
    except (ConfigError, StoreUnavailable) as error:
        return _fail(f"Error: {error}", 2 if isinstance(error, ConfigError) else 3)
    try:
        if args.command == "report":
            try:
                chosen = report.period(args.first, args.last, args.days)
            except report.PeriodError as error:
                return _fail(f"Error: {error}", 2)
            built = report.build(store, chosen, settings.knowledge_dir)
            if args.csv:
                data = render.csv_text(built, args.part)
                if args.csv == "-":
                    sys.stdout.write(data)
                else:
                    Path(args.csv).write_text(data, encoding="utf-8")
                    print(f"Wrote {args.part} of {built.period.label} to {args.csv}")
            else:
                sys.stdout.write(render.text(built, args.limit))
            return 0
        if args.command == "retention":
            days = settings.retention_days
            if not days:
                print("Retention is off (RETENTION_DAYS=0): nothing deleted.")
                return 0
            removed = people.apply_retention(store, days)
            print(f"Retention {days} days: deleted {removed} conversations from {store.where}.")
            return 0
        sender = people.check_sender(args.sender)
        if args.command == "export":
            data = people.export(store, sender)
            if not data["conversations"]:
                return _fail(f"Nothing is stored for sender {sender!r} in {store.where}.", 4)
            text = json.dumps(data, ensure_ascii=False, indent=1)
            if args.out == "-":
                sys.stdout.write(text + "\n")
            else:
                Path(args.out).write_text(text, encoding="utf-8")
                print(f"Wrote {data['event_count']} events of {sender!r} to {args.out}")
            return 0
        deleted = people.forget(store, sender)  # the command is "forget"
        if not deleted:
            return _fail(f"Nothing is stored for sender {sender!r} in {store.where}: nothing deleted.", 4)
        print(f"Deleted {deleted} events of {sender!r} from {store.where}; everyone else's are untouched.")
        return 0
    except people.SenderError as error:
        return _fail(f"Error: {error}", 2)
    except StoreUnavailable as error:
        return _fail(f"Error: {error}", 3)
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
