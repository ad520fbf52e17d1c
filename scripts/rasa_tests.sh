#!/usr/bin/env bash
# Runs Rasa's own tests for the parts of Rasa that rasa_patches changes, against the installed Rasa, twice: stock
# (no patch) and patched (rasa_patches.install() with the project's default settings), and prints, per file, how
# many tests passed and failed each way, then every test that passes stock and fails patched (a regression).
#
#   scripts/rasa_tests.sh TESTS_DIR PACKAGES_DIR [pytest args...]
#
# TESTS_DIR: Rasa's `tests`, `data` and `examples` folders, extracted from a Rasa 3.6 source tree (README, "Changes
# to Rasa").
# PACKAGES_DIR: Rasa's test-only packages installed with `pip install --target` (outside the project's venv).
# Fetches and installs nothing itself. Results: TESTS_DIR/results-{stock,patched}.xml and the table on stdout.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TESTS_DIR="$(cd "${1:?usage: $0 TESTS_DIR PACKAGES_DIR}" && pwd)"
PACKAGES="$(cd "${2:?usage: $0 TESTS_DIR PACKAGES_DIR}" && pwd)"
shift 2
FILES=(
  tests/core/test_tracker_stores.py
  tests/core/test_lock_store.py
  tests/core/test_processor.py
  tests/core/test_actions.py
  tests/core/actions/test_forms.py
  tests/core/actions/test_loops.py
  tests/core/actions/test_two_stage_fallback.py
  tests/core/policies/test_rule_policy.py
  tests/core/test_policies.py::TestMemoizationPolicy
  tests/core/test_policies.py::TestAugmentedMemoizationPolicy
  tests/core/test_run.py
  tests/shared/core/test_trackers.py
  tests/shared/core/test_events.py
  tests/shared/core/test_slots.py
  tests/engine/test_graph.py
  tests/engine/runner/test_dask.py
  tests/utils/test_endpoints.py
  tests/test_plugin.py
)
# Rasa's own pytest settings (its pyproject.toml), for this folder.
cat >"$TESTS_DIR/pytest.ini" <<'INI'
[pytest]
python_functions = test_
asyncio_mode = auto
timeout = 120
timeout_func_only = true
filterwarnings = ignore
markers = skip_on_windows
  skip_on_ci
  sequential
  flaky
  category_cli
  category_core_featurizers
  category_policies
  category_nlu_featurizers
  category_nlu_predictors
  category_full_model_training
  category_other_unit_tests
  category_performance
INI
cd "$TESTS_DIR"
export PYTHONPATH="$TESTS_DIR:$PACKAGES:$ROOT:$ROOT/scripts" RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 \
  SQLALCHEMY_SILENCE_UBER_WARNING=1
run() {
  local mode=$1
  shift
  echo "== $mode" >&2
  "$ROOT/.venv/bin/python" -m pytest -q -p no:cacheprovider --junitxml="results-$mode.xml" \
    "$@" "${FILES[@]}" >"results-$mode.log" 2>&1 || true
  grep -E "[0-9]+ (passed|failed)" "results-$mode.log" | tail -1 >&2
}
RASA_PATCHES=off run stock "$@"
RASA_PATCHES=on run patched -p rasa_tests_plugin "$@"
"$ROOT/.venv/bin/python" - <<'PY'
import collections
import xml.etree.ElementTree as ET


def outcomes(path):
    found = {}
    for case in ET.parse(path).iter("testcase"):
        parts = case.get("classname", "").split(".")
        while len(parts) > 1 and parts[-1][:1].isupper():  # a test class: the file is its module
            parts.pop()
        file = "/".join(parts) + ".py"
        key = (file, f"{case.get('classname')}::{case.get('name')}")
        kinds = {child.tag for child in case}
        found[key] = "fail" if kinds & {"failure", "error"} else "skip" if "skipped" in kinds else "pass"
    return found


stock, patched = outcomes("results-stock.xml"), outcomes("results-patched.xml")
table = collections.defaultdict(lambda: collections.Counter())
for key in stock.keys() | patched.keys():
    table[key[0]]["tests"] += 1
    for mode, found in (("stock", stock), ("patched", patched)):
        table[key[0]][f"{mode} {found.get(key, 'missing')}"] += 1
print("| file | tests | stock pass | stock fail | patched pass | patched fail | skipped |")
print("|---|---|---|---|---|---|---|")
total = collections.Counter()
for file in sorted(table):
    row = table[file]
    total.update(row)
    print(f"| {file} | {row['tests']} | {row['stock pass']} | {row['stock fail']} | {row['patched pass']} | "
          f"{row['patched fail']} | {row['stock skip']} |")
print(f"| total | {total['tests']} | {total['stock pass']} | {total['stock fail']} | {total['patched pass']} | "
      f"{total['patched fail']} | {total['stock skip']} |")
regressions = sorted(key for key in stock if stock[key] == "pass" and patched.get(key) != "pass")
fixed = sorted(key for key in stock if stock[key] == "fail" and patched.get(key) == "pass")
print(f"\nregressions (pass stock, not patched): {len(regressions)}")
for key in regressions:
    print("  ", "::".join(key))
print(f"passing only patched: {len(fixed)}")
for key in fixed:
    print("  ", "::".join(key))
PY
