#!/usr/bin/env bash
# Prints the fenced code block of README.md that follows the comment `<!-- tested by ... as "NAME" ... -->`, without
# its fences: the scripts that test the README run what it shows, so its commands cannot drift from what works.
# usage: block.sh NAME   (fails if README.md has no such block, or it is empty)
set -euo pipefail
name=${1:?usage: block.sh NAME}
readme="$(cd "$(dirname "$0")/../.." && pwd)/README.md"
block=$(awk -v marker="as \"$name\"" '
  !found && /^<!-- tested by / && index($0, marker) { found = 1; next }
  found == 1 && /^```/ { found = 2; next }
  found == 2 && /^```/ { exit }
  found == 2 { print }
' "$readme")
[ -n "$block" ] || { echo "README.md has no block tested as \"$name\"" >&2; exit 1; }
printf '%s\n' "$block"
