#!/usr/bin/env bash
# Packs TypedDgram into a local folder feed and builds a user's project OUTSIDE the solution against that package:
# the contract round-trips through the packaged generator, and a deliberate misuse gets its TDG diagnostic.
# Restores into an isolated packages folder so a TypedDgram of the same version cached earlier is never used.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/tests/package-consumer"
feed="$root/artifacts/feed"
packages="$root/artifacts/consumer-packages"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

fail() { echo "package-consumer: FAILED: $*" >&2; exit 1; }

rm -f "$feed"/TypedDgram.[0-9]*.nupkg "$feed"/TypedDgram.[0-9]*.snupkg
dotnet pack "$root/src/TypedDgram" -c Release -o "$feed" --nologo -v quiet
nupkg=$(ls "$feed"/TypedDgram.[0-9]*.nupkg)
version=$(basename "$nupkg" .nupkg)
version=${version#TypedDgram.}
echo "package-consumer: packed TypedDgram $version"

contents=$(unzip -Z1 "$nupkg")
for entry in lib/net10.0/TypedDgram.dll lib/net10.0/TypedDgram.xml README.md \
             analyzers/dotnet/cs/TypedDgram.Generators.dll analyzers/dotnet/cs/TypedDgram.CodeFixes.dll; do
  grep -qx "$entry" <<<"$contents" || fail "the package has no $entry"
done

rm -rf "$packages/typeddgram" "$here/bin" "$here/obj"
dotnet restore "$here" --packages "$packages" -p:TypedDgramVersion="$version" --nologo -v quiet
# The package restored must be the one just packed, not one of the same version from another source.
restored="$packages/typeddgram/$version/typeddgram.$version.nupkg"
[ "$(sha512sum < "$nupkg")" = "$(sha512sum < "$restored")" ] || fail "restored $restored is not the package just packed"

dotnet build "$here" --no-restore -c Release -p:TypedDgramVersion="$version" --nologo -v quiet
dotnet "$here/bin/Release/net10.0/PackageConsumer.dll"

# The same project with Misuse.cs compiled in must fail with the analyzers' diagnostics.
if dotnet build "$here" --no-restore -c Release -p:TypedDgramVersion="$version" -p:Misuse=true --nologo >"$log" 2>&1; then
  cat "$log"; fail "the misuse build succeeded"
fi
for id in TDG1001; do
  grep -q "error $id:" "$log" || { cat "$log"; fail "the misuse build did not report $id"; }
  echo "package-consumer: misuse reported $id"
done
echo "package-consumer: OK"
