#!/usr/bin/env bash
# Renders a study's report page in headless Chromium (Debian: apt-get install -y chromium) and saves a screenshot:
#   experiments/studies/screenshot.sh studies/moons-ot out.png [WIDTH] [HEIGHT]
# The page is self-contained, so the browser needs no network (it is kept off).
set -euo pipefail
study="$(cd "$1" && pwd)"
out="$2"
size="${3:-1400},${4:-2000}"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
  --screenshot="$(realpath -m "$out")" --window-size="$size" "file://$study/index.html" 2>/dev/null
echo "$out"
