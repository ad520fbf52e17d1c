#!/usr/bin/env bash
# Conversation tests: every story in tests/test_stories.yml must be predicted without a single error.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf results/stories
.venv/bin/rasa test core --model models/current.tar.gz --stories tests/test_stories.yml \
  --out results/stories --fail-on-prediction-errors --no-plot --quiet >results/story_test.log 2>&1 || {
  status=$?
  grep -v -i "warning\|declare_namespace\|pkg_resources" results/story_test.log | tail -40
  [[ -f results/stories/failed_test_stories.yml ]] && cat results/stories/failed_test_stories.yml
  exit $status
}
python3 - <<'PY'
import json
report = json.load(open("results/stories/story_report.json"))
conv = report.get("conversation_accuracy", {})
print(f"Conversation tests: {conv.get('correct', '?')}/{conv.get('total', '?')} stories predicted without error")
PY
