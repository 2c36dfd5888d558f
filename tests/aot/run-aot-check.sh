#!/usr/bin/env bash
# Publishes examples/PingPong (contracts, generated dispatch, typed send and receive) with NativeAOT and runs it.
# Fails on any trim or AOT warning (IL2xxx, IL3xxx), on a failed publish, or if the native program does not
# complete its ping/pong run. Needs only the .NET SDK (it restores the ILCompiler itself) and a C toolchain (clang or gcc).
set -euo pipefail
cd "$(dirname "$0")/../.."

rid="${AOT_RID:-linux-x64}"
out="artifacts/aot/PingPong"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

start=$(date +%s)
echo "aot: publishing examples/PingPong for $rid"
if ! dotnet publish examples/PingPong/PingPong.csproj -c Release -r "$rid" -p:TypedDgramAot=true \
        -p:TreatWarningsAsErrors=false -o "$out" 2>&1 | tee "$log"; then
    echo "aot: publish failed" >&2
    exit 1
fi

# Warnings are errors elsewhere; here they are collected so every one is listed before failing.
warnings=$(grep -Eo 'warning IL[23][0-9]{3}[^[]*' "$log" | sort -u || true)
if [ -n "$warnings" ]; then
    echo "aot: trim/AOT warnings:" >&2
    echo "$warnings" >&2
    exit 1
fi

echo "aot: running $out/PingPong"
if ! timeout 60 "$out/PingPong" 5; then
    echo "aot: the native PingPong did not complete" >&2
    exit 1
fi

echo "aot: ok, no IL2xxx/IL3xxx warnings, native run passed in $(( $(date +%s) - start )) s"
