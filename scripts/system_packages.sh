#!/usr/bin/env bash
# Installs the Debian packages a test needs (e.g. chromium, redis-server, postgresql) when they are missing.
# Usage: scripts/system_packages.sh COMMAND=PACKAGE ...   e.g. chromium=chromium redis-server=redis-server
set -euo pipefail
missing=()
for pair in "$@"; do
  command=${pair%%=*}; package=${pair#*=}
  command -v "$command" >/dev/null 2>&1 || [[ -x "$command" ]] || missing+=("$package")
done
((${#missing[@]})) || exit 0
sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
