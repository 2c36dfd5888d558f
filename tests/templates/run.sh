#!/usr/bin/env bash
# Packs TypedDgram, TypedDgram.Hosting and TypedDgram.Templates into a folder feed, then, as README.md's "In your own
# app" says (its "templates" block, read by tests/readme/block.sh, is run as written), installs the templates with
# `dotnet new install` and creates each template's project in a temporary directory outside the repository, builds it
# against the feed and runs it:
#   typeddgram-app     must get its three pongs on loopback and exit 0;
#   typeddgram-pubsub  must receive its ten ticks on a group joined on 127.0.0.1 and exit 0;
#   typeddgram-worker  must log its endpoint on 127.0.0.1, echo a Shout sent to it, and stop on SIGTERM.
# Everything is sent to 127.0.0.1 only (multicast with its interface pinned to 127.0.0.1, TTL 1). HOME and the .NET
# CLI's home are temporary, so the installed templates and the ~/typeddgram-feed folder vanish with them; packages
# restore into an isolated folder so a TypedDgram of the same version cached earlier is never used. Every step is
# bounded in time.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
packages="$root/artifacts/template-packages"
home=$(mktemp -d)
work="$home/work"
worker_pid=
cleanup() {
  [ -n "$worker_pid" ] && kill "$worker_pid" 2>/dev/null || true
  HOME="$home" DOTNET_CLI_HOME="$home" dotnet new uninstall TypedDgram.Templates >/dev/null 2>&1 || true
  rm -rf "$home"
}
trap cleanup EXIT

fail() { echo "templates: FAILED: $*" >&2; exit 1; }
as_user() { HOME="$home" DOTNET_CLI_HOME="$home" NUGET_PACKAGES="$packages" "$@"; }

feed="$home/typeddgram-feed"   # ~/typeddgram-feed, as the README names it
for project in src/TypedDgram src/TypedDgram.Hosting templates; do
  timeout 600 dotnet pack "$root/$project" -c Release -o "$feed" --nologo -v quiet
done
version=$(basename "$(ls "$feed"/TypedDgram.[0-9]*.nupkg)" .nupkg)
version=${version#TypedDgram.}
[ -f "$feed/TypedDgram.Templates.$version.nupkg" ] || fail "TypedDgram.Templates must have TypedDgram's version, $version"
for template in "$root"/templates/content/*/.template.config/template.json; do
  grep -q "\"defaultValue\": \"$version\"" "$template" || fail "$template must default TypedDgramVersion to $version"
done
echo "templates: packed TypedDgram, TypedDgram.Hosting and TypedDgram.Templates $version"

rm -rf "$packages"/typeddgram "$packages"/typeddgram.hosting
mkdir -p "$work"
(cd "$work" && as_user timeout 120 dotnet new nugetconfig >/dev/null \
  && as_user timeout 120 dotnet nuget add source "$feed" --name typeddgram --configfile nuget.config >/dev/null)
(cd "$work" && as_user timeout 300 bash -euo pipefail -c "$(bash "$root/tests/readme/block.sh" templates)") \
  || fail "README's template commands"

build() {
  as_user timeout 300 dotnet build "$work/$1" -c Release --nologo -v quiet >"$home/build.log" 2>&1 \
    || { cat "$home/build.log"; fail "$1 did not build"; }
  dll=$(ls "$work/$1"/bin/Release/net10.0/"$1".dll)
}

build MyUdpApp
output=$(timeout 30 dotnet "$dll" 2>&1) || { echo "$output"; fail "typeddgram-app exited non-zero"; }
grep -q "3 of 3 pongs" <<<"$output" || { echo "$output"; fail "typeddgram-app did not get its pongs"; }
echo "templates: typeddgram-app built and ran: $(tail -1 <<<"$output")"

build MyBus
output=$(timeout 30 dotnet "$dll" 2>&1) || { echo "$output"; fail "typeddgram-pubsub exited non-zero"; }
grep -q "received 10, lost 0" <<<"$output" || { echo "$output"; fail "typeddgram-pubsub did not receive its ticks"; }
echo "templates: typeddgram-pubsub built and ran: $(tail -1 <<<"$output")"

build MyService
log="$home/worker.log"
# Port 0: the system picks one, and the log says which; started from / to show the settings are found beside the dll.
(cd / && exec timeout 60 dotnet "$dll" --Echo:Port=0) >"$log" 2>&1 &
worker_pid=$!
port=
for _ in $(seq 1 200); do
  port=$(grep -oE 'listening on 127\.0\.0\.1:[0-9]+' "$log" | head -1 | cut -d: -f2) || true
  [ -n "$port" ] && break
  kill -0 "$worker_pid" 2>/dev/null || { cat "$log"; fail "typeddgram-worker exited before listening"; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$log"; fail "typeddgram-worker logged no endpoint on 127.0.0.1 within 20 s"; }
# Shout("hello") with type id 1 is the MessagePack array [1, "hello"]: 0x92 0x01 0xa5 h e l l o.
printf '\x92\x01\xa5hello' >"/dev/udp/127.0.0.1/$port"
for _ in $(seq 1 100); do
  grep -q "shout hello from 127.0.0.1" "$log" && break
  sleep 0.1
done
grep -q "shout hello from 127.0.0.1" "$log" || { cat "$log"; fail "typeddgram-worker did not handle a Shout"; }
kill -TERM "$worker_pid"
wait "$worker_pid" || { cat "$log"; fail "typeddgram-worker did not stop cleanly on SIGTERM"; }
worker_pid=
echo "templates: typeddgram-worker built, listened on 127.0.0.1:$port, handled a Shout and stopped"
echo "templates: OK"
