#!/usr/bin/env bash
# Every test, in order of cost: lint, data validation, NLU held-out accuracy, conversation tests, then one pytest
# run for the unit and end-to-end tests (its closing line is the suite's summary).
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONWARNINGS=ignore
mkdir -p results test-output
step() { printf '\n== %s\n' "$1"; }

step "ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check -q .

step "rasa data validate --fail-on-warnings"
.venv/bin/rasa data validate --domain domain --fail-on-warnings --quiet >results/validate.log 2>&1 \
  || { grep -v -i "deprecat\|declare_namespace\|pkg_resources" results/validate.log | tail -30; exit 1; }
echo "training data and domain are consistent"

step "NLU held-out accuracy (tests/nlu/heldout.yml)"
.venv/bin/python scripts/nlu_accuracy.py

step "conversation tests (tests/test_stories.yml)"
scripts/story_test.sh

step "answer correctness (tests/answers/suite, frozen; targets in tests/targets.yml)"
.venv/bin/python scripts/answer_eval.py --suite suite --check

step "benchmark script, tiny counts (make bench runs it in full; figures in bench/results.md)"
.venv/bin/python bench/run.py --quick --out results/bench-quick.md >results/bench-quick.log 2>&1 \
  || { tail -40 results/bench-quick.log; exit 1; }
sed -n '/^| measure/,$p' results/bench-quick.md

step "insights benchmark script, 2,000 conversations (make bench-insights runs 100,000; figure in bench/results.md)"
.venv/bin/python -m bench.insights --conversations 2000 --db results/bench-insights.db --out ""

step "unit and end-to-end tests"
.venv/bin/python -m pytest tests -q -rfE --durations=5 "$@"
