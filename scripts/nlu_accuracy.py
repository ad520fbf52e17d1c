"""Intent accuracy of the trained model on the held-out NLU test file; fails under the target in tests/targets.yml.

Loads the model once in-process (no server) and writes a report to results/nlu_heldout.json.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # custom NLU components are imported by the model
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
MODEL = ROOT / "models" / "current.tar.gz"


def examples(path: Path):
    for block in yaml.safe_load(path.read_text())["nlu"]:
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                yield line[2:].strip(), block["intent"]


async def evaluate() -> dict:
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)

    agent = Agent.load(str(MODEL))
    rows, errors = [], []
    for text, expected in examples(HELDOUT):
        parsed = await agent.parse_message(text)
        predicted = parsed["intent"]["name"]
        rows.append((expected, predicted))
        if predicted != expected:
            errors.append(
                {
                    "text": text,
                    "expected": expected,
                    "predicted": predicted,
                    "confidence": round(parsed["intent"]["confidence"], 3),
                }
            )
    correct = sum(e == p for e, p in rows)
    per_intent = {}
    for intent, total in Counter(e for e, _ in rows).items():
        hits = sum(1 for e, p in rows if e == intent and p == intent)
        per_intent[intent] = round(hits / total, 3)
    return {
        "examples": len(rows),
        "correct": correct,
        "accuracy": round(correct / len(rows), 4),
        "per_intent_recall": per_intent,
        "errors": errors,
    }


def main() -> int:
    logging.disable(logging.WARNING)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    target = yaml.safe_load((ROOT / "tests" / "targets.yml").read_text())["nlu_heldout_intent_accuracy_min"]
    report = asyncio.run(evaluate())
    out = ROOT / "results" / "nlu_heldout.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    for error in report["errors"]:
        print(
            f"  miss: {error['text']!r}: expected {error['expected']}, got {error['predicted']} ({error['confidence']})"
        )
    verdict = "PASS" if report["accuracy"] >= target else "FAIL"
    print(
        f"NLU held-out intent accuracy: {report['accuracy']:.1%} ({report['correct']}/{report['examples']}),"
        f" target {target:.0%}: {verdict}. Report: {out.relative_to(ROOT)}"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
