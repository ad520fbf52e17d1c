#!/usr/bin/env bash
# Prints a Python 3.10 interpreter (Rasa 3.6 needs 3.8-3.10): the system's, else pyenv's. Fails loudly otherwise.
set -euo pipefail
candidates=(python3.10)
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for dir in "$root"/versions/3.10*/bin; do candidates+=("$dir/python3.10"); done
fi
candidates+=("$HOME/.pyenv/versions/3.10.13/bin/python3.10" /usr/local/bin/python3.10 /usr/bin/python3.10)
for py in "${candidates[@]}"; do
  if "$py" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
    command -v "$py" 2>/dev/null || echo "$py"
    exit 0
  fi
done
echo "No Python 3.10 found (Rasa 3.6 needs it): install one, e.g. 'pyenv install 3.10.13'." >&2
exit 1
