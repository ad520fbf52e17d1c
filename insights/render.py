"""The report as an operator reads it: in a terminal (`make insights`), as CSV, and as the /insights page.

Everything a user typed is escaped before it reaches HTML; CSV cells that a spreadsheet would run as a formula
(starting with = + - @) are prefixed with a quote.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from html import escape
from typing import Any, Dict, List, Sequence, Tuple
from urllib.parse import quote, urlencode

from insights import charts, classify
from insights.report import NEAR_TIE, Report, ranked

SHOWN_KINDS = (
    classify.ANSWERED,
    classify.DECLINED,
    classify.REPHRASE,
    classify.SMALL_TALK,
    classify.ASSESSMENT,
    classify.UNAVAILABLE,
    classify.OTHER,
)
PARTS = ("questions", "topics", "outcomes", "funnel", "results")
ROLE_LABELS = {"account_manager": "account manager", "project_manager": "project manager", NEAR_TIE: "near tie"}


def when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def outcome_rows(report: Report) -> List[Tuple[str, int]]:
    return [(classify.LABELS[k], report.kinds[k]) for k in SHOWN_KINDS if report.kinds[k]]


def funnel_rows(report: Report) -> List[Tuple[str, int]]:
    funnel = report.funnel
    rows = [("started", funnel.started)]
    rows += [(f"question {i}: {q}", funnel.reached[q]) for i, q in enumerate(funnel.questions, 1)]
    return rows + [("finished", funnel.finished)]


def abandoned_rows(report: Report) -> List[Tuple[str, int]]:
    funnel = report.funnel
    order = ["start", *funnel.questions]
    labels = {"start": "before question 1"}
    labels.update({q: f"at question {i}: {q}" for i, q in enumerate(funnel.questions, 1)})
    return [(labels.get(q, q), funnel.abandoned[q]) for q in order if funnel.abandoned[q]] + [
        (q, n) for q, n in funnel.abandoned.items() if q not in order
    ]


def result_rows(report: Report) -> List[Tuple[str, int]]:
    return [(ROLE_LABELS.get(r, r), n) for r, n in ranked(report.results)]


# ---- terminal -------------------------------------------------------------------------------------------------------
def _table(rows: Sequence[Tuple[str, int]], total: int | None = None, width: int = 30) -> List[str]:
    biggest = max((n for _, n in rows), default=0) or 1
    lines = []
    for label, count in rows:
        bar = "█" * max(1, round(24 * count / biggest)) if count else ""
        share = f" {100 * count / total:5.1f}%" if total else ""
        lines.append(f"  {label[:width]:<{width}} {count:>7}{share}  {bar}")
    return lines or ["  (none)"]


def text(report: Report, limit: int = 20) -> str:
    """The terminal report."""
    funnel = report.funnel
    lines = [
        f"Insights {report.period.label} — {report.where}",
        f"{report.conversations} conversations, {report.turns} messages from users "
        f"({report.events} events read in {report.seconds:.2f} s)",
        "",
        "Replies",
        *_table(outcome_rows(report), report.turns),
        "",
        "Topics asked most",
        *_table(ranked(report.topics, 10)),
        "",
        "Channels",
        *_table(ranked(report.channels)),
        "",
        f"Assessment: {funnel.started} started, {funnel.finished} finished, {funnel.abandoned_total} abandoned",
        *_table(funnel_rows(report)),
        "  abandoned:",
        *_table(abandoned_rows(report)),
        "  results:",
        *_table(result_rows(report), sum(report.results.values())),
        "",
        f"Declined or not understood ({len(report.questions)} kinds of question, newest first)",
    ]
    for question in report.questions[:limit]:
        reply = question.reply.replace("\n", " ")
        lines.append(f"  {when(question.newest)}  ×{question.count:<4} [{question.kind}] {question.text!r}")
        lines.append(f"      reply: {reply[:110]}{'…' if len(reply) > 110 else ''}")
        lines.append(f"      conversation: {question.sender} ({question.channel or 'unknown channel'})")
    if len(report.questions) > limit:
        lines.append(f"  … {len(report.questions) - limit} more: `make insights CSV=questions.csv` exports them all")
    return "\n".join(lines) + "\n"


# ---- CSV ------------------------------------------------------------------------------------------------------------
def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_text(report: Report, part: str = "questions") -> str:
    """One part of the report as CSV (`questions`, `topics`, `outcomes`, `funnel`, `results`)."""
    if part not in PARTS:
        raise ValueError(f"part={part!r} is not one of {', '.join(PARTS)}")
    rows: List[Sequence[Any]] = []
    if part == "questions":
        rows.append(["newest", "count", "kind", "question", "reply", "sender", "channel"])
        rows += [
            [when(q.newest), q.count, q.kind, q.text, q.reply, q.sender, q.channel or ""] for q in report.questions
        ]
    elif part == "topics":
        rows.append(["topic", "messages"])
        rows += ranked(report.topics)
    elif part == "outcomes":
        rows.append(["kind", "messages", "share"])
        rows += [[kind, report.kinds[kind], f"{report.share(kind):.4f}"] for kind in SHOWN_KINDS]
    elif part == "funnel":
        rows.append(["step", "attempts"])
        rows += funnel_rows(report)
        rows += [(f"abandoned {label}", n) for label, n in abandoned_rows(report)]
    else:
        rows.append(["result", "assessments"])
        rows += ranked(report.results)
    out = io.StringIO()
    csv.writer(out).writerows([[_cell(c) for c in row] for row in rows])
    return out.getvalue()


# ---- HTML -----------------------------------------------------------------------------------------------------------
STYLE = """
body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#1d2430;background:#f5f6f8}
header,main{max-width:1100px;margin:0 auto;padding:12px 20px}
header{display:flex;gap:16px;align-items:center;justify-content:space-between}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:24px 0 8px}
section{background:#fff;border:1px solid #d9dde3;border-radius:6px;padding:12px 16px;margin:12px 0}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(540px,1fr));gap:12px}
table{border-collapse:collapse;width:100%}td,th{border-top:1px solid #e3e6ea;padding:6px;text-align:left;
vertical-align:top;font-size:14px}th{background:#f0f2f5}.count{text-align:right;white-space:nowrap}
.reply{color:#4a5261;max-width:420px}form.inline{display:inline}label{margin-right:8px}
.figures{display:flex;gap:24px;flex-wrap:wrap}.figure b{display:block;font-size:26px}
.notice{padding:10px 14px;border-radius:6px;background:#fff7e0;border:1px solid #e5c76b}
.error{background:#fdecec;border-color:#e39b9b}button,input{font-size:14px;padding:5px 8px}
a{color:#1f56b3}section svg{width:100%;height:auto;max-width:640px}
"""


def page(title: str, body: str, signed_in: bool = False) -> str:
    sign_out = (
        '<form class="inline" method="post" action="/insights/sign-out"><button>Sign out</button></form>'
        if signed_in
        else ""
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)}</title><link rel='stylesheet' href='/insights/style.css'></head><body>"
        f"<header><h1>{escape(title)}</h1>{sign_out}</header><main>{body}</main></body></html>"
    )


def off_page() -> str:
    return page(
        "Insights are off",
        "<section class='notice'><p>The insights page and the data-request endpoints are off because "
        "<code>ADMIN_TOKEN</code> is not set.</p><p>To turn them on, set a long random token in the environment "
        "of the page server and restart it, e.g.</p><pre>export ADMIN_TOKEN=$(openssl rand -hex 24)\nmake run</pre>"
        "<p>Then sign in here with that token, or send it from scripts as "
        "<code>Authorization: Bearer …</code>.</p></section>",
    )


def sign_in_page(error: str = "", status_note: str = "") -> str:
    problem = f"<p class='notice error' role='alert'>{escape(error)}</p>" if error else ""
    return page(
        "Sign in to the insights",
        f"<section>{problem}{status_note}<form method='post' action='/insights/sign-in'>"
        "<label for='token'>Admin token</label>"
        "<input id='token' name='token' type='password' autocomplete='current-password' required size='40'> "
        "<button type='submit'>Sign in</button></form>"
        "<p>The token is <code>ADMIN_TOKEN</code> from the page server's environment.</p></section>",
    )


def _query(report: Report, **extra: str) -> str:
    params = {"from": report.period.first.isoformat(), "to": report.period.last.isoformat(), **extra}
    return urlencode(params)


def conversation_link(sender: str) -> str:
    return "/insights/conversations/" + quote(sender, safe="")


def report_page(report: Report, limit: int = 200, notice: str = "") -> str:
    """The insights page: period picker, headline figures, charts, the inbox of unanswered questions, exports."""
    funnel = report.funnel
    first, last = report.period.first.isoformat(), report.period.last.isoformat()
    picker = (
        "<form method='get' action='/insights'>"
        f"<label>From <input type='date' name='from' value='{first}'></label>"
        f"<label>To <input type='date' name='to' value='{last}'></label>"
        "<button type='submit'>Show</button></form>"
    )
    answered = report.share(classify.ANSWERED)
    unanswered = report.share(classify.DECLINED) + report.share(classify.REPHRASE)
    figures = (
        "<div class='figures'>"
        f"<div class='figure' id='conversations'><b>{report.conversations}</b>conversations</div>"
        f"<div class='figure' id='turns'><b>{report.turns}</b>messages from users</div>"
        f"<div class='figure' id='answered'><b>{100 * answered:.0f}%</b>answered</div>"
        f"<div class='figure' id='unanswered'><b>{100 * unanswered:.0f}%</b>declined or not understood</div>"
        f"<div class='figure' id='assessments'><b>{funnel.finished}/{funnel.started}</b>assessments finished</div>"
        "</div>"
    )
    chart_list = [
        charts.bars("Replies", outcome_rows(report), report.turns),
        charts.bars("Topics asked most", ranked(report.topics, 10), colour=charts.COLOURS[0]),
        charts.bars("Assessment funnel", funnel_rows(report), colour=charts.COLOURS[2]),
        charts.bars("Assessments abandoned", abandoned_rows(report), colour=charts.COLOURS[3]),
        charts.bars("Assessment results", result_rows(report), sum(report.results.values())),
        charts.bars("Channels", ranked(report.channels), report.turns, colour=charts.COLOURS[4]),
    ]
    rows = []
    for q in report.questions[:limit]:
        rows.append(
            f"<tr><td>{escape(when(q.newest))}</td><td class='count'>{q.count}</td>"
            f"<td>{escape(classify.LABELS.get(q.kind, q.kind))}</td><td class='question'>{escape(q.text)}</td>"
            f"<td class='reply'>{escape(q.reply)}</td>"
            f"<td><a href='{escape(conversation_link(q.sender))}'>conversation</a> "
            f"({escape(q.channel or 'unknown')})</td></tr>"
        )
    more = f"<p>{len(report.questions) - limit} more in the CSV export.</p>" if len(report.questions) > limit else ""
    inbox = (
        "<table id='unanswered-questions'><thead><tr><th>Newest</th><th>Times</th><th>Kind</th><th>Question</th>"
        "<th>What the assistant said</th><th>Whole conversation</th></tr></thead><tbody>"
        + ("".join(rows) or "<tr><td colspan='6'>None in this period.</td></tr>")
        + f"</tbody></table>{more}"
    )
    exports = " · ".join(
        f"<a href='/insights/export.csv?{escape(_query(report, part=part))}'>{part}.csv</a>" for part in PARTS
    )
    data_requests = (
        "<form method='post' action='/insights/people'>"
        "<label for='sender'>Sender id (REST sender, Slack user id or web session id)</label>"
        "<input id='sender' name='sender' required size='36'> "
        "<button name='do' value='export'>Export as JSON</button> "
        "<button name='do' value='delete'>Delete everything</button></form>"
    )
    note = f"<p class='notice' role='status'>{escape(notice)}</p>" if notice else ""
    body = (
        f"{note}<section>{picker}<p>Period {escape(report.period.label)} · {escape(report.where)} · "
        f"{report.events} events read in {report.seconds:.2f} s</p>{figures}</section>"
        f"<h2>Declined or not understood, newest first</h2><section>{inbox}</section>"
        f"<h2>Charts</h2><div class='grid'>{''.join(f'<section>{c}</section>' for c in chart_list)}</div>"
        f"<h2>Export</h2><section>{exports}</section>"
        f"<h2>Data requests</h2><section>{data_requests}</section>"
    )
    return page("Insights", body, signed_in=True)


def conversation_page(sender: str, events: List[Dict[str, Any]], truncated: bool) -> str:
    """One conversation as it was stored: who said what, when, and the reply kinds."""
    rows = []
    for event in events:
        kind = event.get("event")
        stamp = escape(when(event["timestamp"])) if isinstance(event.get("timestamp"), (int, float)) else ""
        if kind == "user":
            channel = escape(str(event.get("input_channel") or ""))
            rows.append(f"<tr><td>{stamp}</td><td>user ({channel})</td><td>{escape(event.get('text') or '')}</td></tr>")
        elif kind == "bot":
            answer = (event.get("metadata") or {}).get("answer") or {}
            label = f" [{escape(str(answer.get('kind')))}]" if answer.get("kind") else ""
            rows.append(f"<tr><td>{stamp}</td><td>assistant{label}</td><td>{escape(event.get('text') or '')}</td></tr>")
        elif kind == "action" and event.get("name") not in ("action_listen", None):
            rows.append(f"<tr><td>{stamp}</td><td>action</td><td><code>{escape(event['name'])}</code></td></tr>")
    cut = "<p>Only the first events are shown; export the person's data for all of it.</p>" if truncated else ""
    body = (
        "<p><a href='/insights'>← Insights</a></p><section><table><thead><tr><th>When</th><th>Who</th><th>Said</th>"
        f"</tr></thead><tbody>{''.join(rows) or '<tr><td colspan=3>Nothing stored.</td></tr>'}</tbody></table>"
        f"{cut}</section>"
    )
    return page(f"Conversation {sender}", body, signed_in=True)
