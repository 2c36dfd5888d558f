#!/usr/bin/env bash
# Packs the tdg tool into the local folder feed, installs it as a user would (`dotnet tool install` from that feed,
# into artifacts/tools, with an isolated packages folder so an earlier TypedDgram.Cli of the same version is never
# reused), then runs it: `tdg --help` on every command, a bounded `tdg listen` on loopback and a bounded `tdg stats` on
# a random 239.255.x.y group joined on 127.0.0.1.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
feed="$root/artifacts/feed"
tools="$root/artifacts/tools"

fail() { echo "cli-tool: FAILED: $*" >&2; exit 1; }

rm -f "$feed"/TypedDgram.Cli.*.nupkg
dotnet pack "$root/src/TypedDgram.Cli" -c Release -o "$feed" --nologo -v quiet
nupkg=$(ls "$feed"/TypedDgram.Cli.*.nupkg)
version=$(basename "$nupkg" .nupkg)
version=${version#TypedDgram.Cli.}
echo "cli-tool: packed TypedDgram.Cli $version"

rm -rf "$tools" "$root/artifacts/tool-packages"
NUGET_PACKAGES="$root/artifacts/tool-packages" \
  dotnet tool install --tool-path "$tools" --add-source "$feed" --version "$version" TypedDgram.Cli

tdg="$tools/tdg"
for command in "" listen send publish subscribe stats bridge; do
  # shellcheck disable=SC2086
  help=$("$tdg" $command --help) || fail "tdg $command --help exited non-zero"
  grep -q "^Usage:" <<<"$help" || fail "tdg $command --help printed no usage"
done
echo "cli-tool: tdg --help, and --help of listen, send, publish, subscribe, stats and bridge"

summary=$("$tdg" listen 0 --address 127.0.0.1 --timeout 0.3 2>&1 >/dev/null) || fail "tdg listen exited non-zero: $summary"
grep -q "tdg: 0 datagrams" <<<"$summary" || fail "tdg listen printed no summary: $summary"

group="239.255.$((RANDOM % 254 + 1)).$((RANDOM % 254 + 1))"
report=$("$tdg" stats --group "$group" --port 0 --interface 127.0.0.1 --timeout 0.3 2>/dev/null) || fail "tdg stats exited non-zero"
grep -q '"final":true,"received":0' <<<"$report" || fail "tdg stats printed no final report: $report"
echo "cli-tool: OK"
