"""Answer-correctness evaluation: asks the real assistant every case of a suite over REST and checks what each reply
says (facts and figures, honest declines, yes/no openings, invented figures), not which intent was predicted.

    python scripts/answer_eval.py                      # the frozen suite, on servers started for the run
    python scripts/answer_eval.py --suite dev          # the development set
    python scripts/answer_eval.py --url http://localhost:5005/webhooks/rest/webhook   # running servers
    python scripts/answer_eval.py --check              # also fail under the targets in tests/targets.yml

The checks are independent of the assistant's code: the numbers a reply may contain are taken from the article's
text itself (tests/answers/README.md describes the format and the rules).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import itertools
import json
import math
import re
import sys
import tempfile
import unicodedata
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Sequence, Set

import yaml

ROOT = Path(__file__).resolve().parent.parent
SUITES = ROOT / "tests" / "answers"
ARTICLE = ROOT / "knowledge" / "article.txt"
TARGETS = ROOT / "tests" / "targets.yml"
FROZEN_FILE = "FROZEN"
CLASS_NAMES = {
    0: "plain topic question",
    1: "one specific fact",
    2: "several questions in one",
    3: "yes/no",
    4: "premises and numbers",
    5: "near misses",
    6: "personal context",
    7: "corrections and references",
    8: "small talk",
    9: "inside the assessment",
    10: "arithmetic",
    11: "long conversations",
    12: "chat and Slack style",
}

# The usual ways of saying that the article does not give something.
_NEG = r"(?:does not|doesn't|doesnt|do not|don't|isn't|is not|can't|cannot|won't|didn't|did not|has no|have no)"
_VERB = (
    r"(?:cover|give|gives|say|mention|include|provide|state|name|list|discuss|address|specify|offer|tell|know|"
    r"answer|go into|talk about|break|compare|have|contain|report|touch on|deal with|get into|help with|do)"
)
DECLINE = re.compile(
    rf"\b{_NEG}\s+(?:\w+\s+){{0,3}}?{_VERB}\b"
    r"|\bnot (?:covered|mentioned|given|stated|discussed|something (?:the article|i can)|in the article|part of)"
    r"|\bno (?:figure|figures|data|information|details?|mention|source|numbers?|word)\b"
    r"|\bonly (?:covers|gives|compares|answers|know|talk)"
    r"|\boutside (?:what|the article|my|of what)"
    r"|\bbeyond (?:the article|what)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:\s?(?:k|m|million|thousand)\b)?", re.IGNORECASE)
SMALL_NUMBERS = {x / 2 for x in range(0, 21)}  # counts, list numbers and assessment scores (0 to 10, halves)


def normalise(text: str) -> str:
    """Lowercase, markdown and typographic variants folded, thousands separators dropped."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "}))
    text = re.sub(r"[*_`]", "", text)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    text = text.replace("$", "")
    return re.sub(r"\s+", " ", text).strip().lower()


def numbers_in(text: str, as_said: bool = True) -> Set[float]:
    """Every number a text states; "60k" and "2.1 million" as their full values (and, with `as_said`, also as
    written, since a person saying "60k" may be answered with "60" or "60,000")."""
    found: Set[float] = set()
    for match in _NUMBER.finditer(normalise(text)):
        token = match.group(0).replace(" ", "")
        digits = re.match(r"\d+(?:\.\d+)?", token).group(0)
        value = float(digits)
        suffix = token[len(digits) :]
        if suffix in ("k", "thousand"):
            found.add(value * 1000)
        elif suffix in ("m", "million"):
            found.add(value * 1_000_000)
        if as_said or not suffix:
            found.add(value)
    return found


def derivable(figures: Iterable[float]) -> Set[float]:
    """Figures computable from the article's own: differences, sums, means, ratios and percentages of pairs, and a
    yearly figure spread over twelve months."""
    base = sorted(set(figures))
    out: Set[float] = set(base) | {round(x / 12) for x in base} | {math.floor(x / 12) for x in base}
    for a, b in itertools.permutations(base, 2):
        out |= {abs(a - b), a + b, (a + b) / 2, round(abs(a - b) / 12), math.floor(abs(a - b) / 12)}
        if b:
            ratio = a / b
            for digits in (0, 1, 2):
                out.add(round(ratio, digits))
                out.add(round(100 * ratio, digits))
                out.add(round(100 * (a - b) / b, digits))
                out.add(round(100 * abs(a - b) / b, digits))
    for a, b, c, d in itertools.permutations(base, 4):  # e.g. the difference between two ranges' widths
        out.add(abs((a - b) - (c - d)))
    return {round(x, 2) for x in out}


@dataclass
class Reply:
    text: str
    buttons: List[str]


@dataclass
class TurnResult:
    say: str
    reply: Reply
    problems: List[str]
    declined: bool
    invented: List[float]


@dataclass
class CaseResult:
    id: str
    cls: int
    scope: str
    file: str
    turns: List[TurnResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(not t.problems for t in self.turns)


class Checker:
    def __init__(self, article_text: str) -> None:
        self.article_numbers = numbers_in(article_text)
        money_and_counts = self.article_numbers | {1e6 * 2.1}
        self.allowed = derivable(money_and_counts) | SMALL_NUMBERS

    def invented(self, reply: str, said: Sequence[str]) -> List[float]:
        """Numbers in the reply that neither the article, the person, nor arithmetic on the article gives (or on
        the person's own figure against the article's: "I earn 60k, how far is that from the PM average?")."""
        user = set().union(*(numbers_in(s) for s in said)) if said else set()
        own_gaps = {abs(u - a) for u in user for a in self.article_numbers if u >= 1000 and a >= 1000}
        allowed = self.allowed | {round(x, 2) for x in user | own_gaps}
        return sorted(n for n in numbers_in(reply, as_said=False) if round(n, 2) not in allowed)

    def check(self, expect: Dict[str, Any], scope: str, reply: Reply, said: Sequence[str]) -> TurnResult:
        text = normalise(reply.text)
        problems: List[str] = []
        for item in expect.get("all") or []:
            options = item if isinstance(item, list) else [item]
            if not any(normalise(str(o)) in text for o in options):
                problems.append(f"missing {options}")
        for item in expect.get("none") or []:
            if normalise(str(item)) in text:
                problems.append(f"must not say {item!r}")
        opens = expect.get("opens")
        if opens:
            start = re.sub(r"^[^\w]+", "", text)
            if not any(start.startswith(normalise(o)) for o in opens):
                problems.append(f"does not open with {opens}")
        titles = [normalise(b) for b in reply.buttons]
        for wanted in expect.get("buttons") or []:
            if not any(normalise(wanted) in t for t in titles):
                problems.append(f"no button {wanted!r}")
        declined = bool(DECLINE.search(text))
        if scope in ("out", "mixed") and not declined:
            problems.append("does not say the article doesn't give it")
        if scope == "in" and declined and not expect.get("allow_decline"):
            problems.append("declines a question the article answers")
        invented = self.invented(reply.text, said)
        if invented:
            problems.append(f"invented figures {invented}")
        return TurnResult(said[-1], reply, problems, declined, invented)


def load_cases(paths: Sequence[Path]) -> List[Dict[str, Any]]:
    cases = []
    for path in paths:
        for case in yaml.safe_load(path.read_text())["cases"]:
            cases.append({**case, "file": path.name})
    ids = [c["id"] for c in cases]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise SystemExit(f"duplicate case ids: {sorted(duplicates)}")
    return cases


def frozen_digests(directory: Path) -> Dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.glob("*.yml"))}


def check_frozen(directory: Path) -> List[str]:
    """Files of a frozen suite whose content differs from the digests recorded when it was frozen."""
    recorded_file = directory / FROZEN_FILE
    if not recorded_file.exists():
        return []
    recorded = dict(line.split()[::-1] for line in recorded_file.read_text().splitlines() if line.strip())
    actual = frozen_digests(directory)
    return sorted(name for name in set(recorded) | set(actual) if recorded.get(name) != actual.get(name))


def ask(url: str, sender: str, message: str, timeout: float = 30) -> Reply:
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        messages = json.loads(response.read() or b"[]")
    texts = [m["text"] for m in messages if m.get("text")]
    buttons = [b.get("title", "") for m in messages for b in m.get("buttons") or []]
    return Reply("\n".join(texts), buttons)


def run_case(url: str, checker: Checker, case: Dict[str, Any]) -> CaseResult:
    result = CaseResult(case["id"], int(case["class"]), case.get("scope", "in"), case["file"])
    sender = f"eval-{case['id']}-{uuid.uuid4().hex[:8]}"
    said: List[str] = []
    turns = case["turns"]
    for turn in turns:
        said.append(turn["say"])
        reply = ask(url, sender, turn["say"])
        expect = turn.get("expect")
        if expect is None and len(turns) == 1:
            expect = {}
        if expect is not None:
            # A conversation's scope concerns its checked turns; a turn may narrow it (e.g. one detour declined).
            scope = turn.get("scope") or (case.get("scope", "in") if len(turns) == 1 else _turn_scope(case, expect))
            result.turns.append(checker.check(expect, scope, reply, said))
    return result


def _turn_scope(case: Dict[str, Any], expect: Dict[str, Any]) -> str:
    """In a conversation, the checked turns of an `out` case must decline; otherwise the facts decide (a detour in
    the middle may rightly be declined, a "who says so?" may rightly say the article names no source)."""
    return "out" if case.get("scope") == "out" else "any"


def summarise(results: List[CaseResult]) -> Dict[str, Any]:
    by_class: Dict[int, List[CaseResult]] = defaultdict(list)
    for r in results:
        by_class[r.cls].append(r)
    out_of_scope = [r for r in results if r.scope in ("out", "mixed")]
    declined_ok = [r for r in out_of_scope if all(t.declined and not t.invented for t in r.turns)]
    turns = [t for r in results for t in r.turns]
    return {
        "cases": len(results),
        "passed": sum(r.passed for r in results),
        "accuracy": round(sum(r.passed for r in results) / max(len(results), 1), 4),
        "turns": len(turns),
        "turns_passed": sum(not t.problems for t in turns),
        "out_of_scope_cases": len(out_of_scope),
        "out_of_scope_declined": len(declined_ok),
        "out_of_scope_declined_rate": round(len(declined_ok) / max(len(out_of_scope), 1), 4),
        "invented_figures": sum(len(t.invented) for t in turns),
        "by_class": {
            cls: {
                "name": CLASS_NAMES.get(cls, "?"),
                "cases": len(rs),
                "passed": sum(r.passed for r in rs),
            }
            for cls, rs in sorted(by_class.items())
        },
    }


def report(summary: Dict[str, Any], results: List[CaseResult], label: str, verbose: bool) -> str:
    lines = [f"Answer correctness ({label}): {summary['passed']}/{summary['cases']} cases right"]
    lines[0] += f" ({summary['accuracy']:.1%}); {summary['turns_passed']}/{summary['turns']} checked turns"
    lines.append(
        f"  out of scope declined honestly: {summary['out_of_scope_declined']}/{summary['out_of_scope_cases']}"
        f" ({summary['out_of_scope_declined_rate']:.1%}); invented figures: {summary['invented_figures']}"
    )
    lines.append("  class                              right")
    for cls, row in summary["by_class"].items():
        share = row["passed"] / row["cases"]
        lines.append(f"  {cls:>2} {row['name']:<30} {row['passed']:>3}/{row['cases']:<3} {share:6.1%}")
    if verbose:
        for r in results:
            for t in r.turns:
                if t.problems:
                    reply = t.reply.text.replace("\n", " | ")[:400]
                    lines.append(f"  FAIL {r.id} [{r.cls}] {t.say!r}: {'; '.join(t.problems)}\n       -> {reply}")
    return "\n".join(lines)


def targets_met(summary: Dict[str, Any], targets: Dict[str, Any]) -> List[str]:
    unmet = []
    if summary["accuracy"] < targets["answers_right_min"]:
        unmet.append(f"right {summary['accuracy']:.1%} < {targets['answers_right_min']:.0%}")
    if summary["out_of_scope_declined_rate"] < targets["out_of_scope_declined_min"]:
        unmet.append(
            f"declined {summary['out_of_scope_declined_rate']:.1%} < {targets['out_of_scope_declined_min']:.0%}"
        )
    if summary["invented_figures"] > targets["invented_figures_max"]:
        unmet.append(f"{summary['invented_figures']} invented figures > {targets['invented_figures_max']}")
    return unmet


def evaluate(url: str, cases: List[Dict[str, Any]], workers: int = 4) -> List[CaseResult]:
    checker = Checker(ARTICLE.read_text())
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda case: run_case(url, checker, case), cases))


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suite", default="suite", help="a folder under tests/answers (suite, dev) or a YAML file")
    parser.add_argument("--url", help="a running REST webhook; default: start the servers for the run")
    parser.add_argument("--check", action="store_true", help="fail under the targets in tests/targets.yml")
    parser.add_argument("--only", help="run only case ids starting with this")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every failing turn and its reply")
    parser.add_argument("--out", type=Path, help="JSON report (default results/answers-<suite>.json)")
    args = parser.parse_args(argv)

    source = Path(args.suite)
    if not source.exists():
        source = SUITES / args.suite
    paths = sorted(source.glob("*.yml")) if source.is_dir() else [source]
    if source.is_dir():
        changed = check_frozen(source)
        if changed:
            print(f"The frozen suite changed: {', '.join(changed)} (see tests/answers/README.md)", file=sys.stderr)
            return 2
    cases = load_cases(paths)
    if args.only:
        cases = [c for c in cases if c["id"].startswith(args.only)]

    stack = None
    url = args.url
    if url is None:
        sys.path.insert(0, str(ROOT))
        from service import launcher
        from tests.e2e.conftest import free_port

        log_dir = ROOT / "test-output" / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        data = Path(tempfile.mkdtemp(prefix="answer-eval-"))
        env = {"TRACKER_STORE": "sqlite", "SQLITE_PATH": str(data / "eval.db")}
        stack = launcher.start(free_port(), free_port(), log_dir=log_dir, extra_env=env)
        url = stack.rest_url
    try:
        results = evaluate(url, cases)
    finally:
        if stack is not None:
            stack.stop()
    summary = summarise(results)
    label = source.name if source.is_dir() else source.stem
    print(report(summary, results, label, args.verbose))
    out = args.out or ROOT / "results" / f"answers-{label}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    failures = [
        {"id": r.id, "class": r.cls, "say": t.say, "problems": t.problems, "reply": t.reply.text}
        for r in results
        for t in r.turns
        if t.problems
    ]
    out.write_text(json.dumps({"summary": summary, "failures": failures}, indent=2, ensure_ascii=False))
    print(f"  report: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    if args.check:
        unmet = targets_met(summary, yaml.safe_load(TARGETS.read_text()))
        if unmet:
            print("  FAIL: " + "; ".join(unmet))
            return 1
        print("  PASS: every target met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
