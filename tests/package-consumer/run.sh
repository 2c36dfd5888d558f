#!/usr/bin/env bash
# First runs README.md's "In your own app" as written (tests/readme/block.sh reads its blocks): the two `dotnet pack`
# commands from the repository's root, then `dotnet new console`, the package source, `dotnet add package`, the
# program and `dotnet run` (then the same with the README's "test-host" program: handlers tested in memory) in an
# empty directory, with HOME (so `~/typeddgram-feed`) and the .NET CLI's home in a
# temporary directory. Then packs TypedDgram into a local folder feed and builds a user's project OUTSIDE the solution
# against that package: the contract round-trips through the packaged generator, and a deliberate misuse gets its TDG
# diagnostic. Restores into isolated packages folders so a TypedDgram of the same version cached earlier is never used.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/tests/package-consumer"
feed="$root/artifacts/feed"
packages="$root/artifacts/consumer-packages"
readme_packages="$root/artifacts/readme-packages"
log=$(mktemp)
home=$(mktemp -d)
trap 'rm -rf "$log" "$home"' EXIT

fail() { echo "package-consumer: FAILED: $*" >&2; exit 1; }
block() { bash "$root/tests/readme/block.sh" "$1"; }

# The repository's own restore keeps the usual packages folder; the user's app restores into one of its own.
usual_packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
# Each README step is bounded in time, as everything CI runs.
as_user() { HOME="$home" DOTNET_CLI_HOME="$home" timeout 600 "$@"; }

echo "package-consumer: README's \"In your own app\""
(cd "$root" && as_user env NUGET_PACKAGES="$usual_packages" bash -euo pipefail -c "$(block pack)") || fail "README's pack commands"
rm -rf "$readme_packages"/typeddgram "$readme_packages"/typeddgram.hosting
mkdir -p "$home/work"
(cd "$home/work" && as_user env NUGET_PACKAGES="$readme_packages" bash -euo pipefail -c "$(block new-app)") \
  || fail "README's commands for a new app"
block program >"$home/work/MyApp/Program.cs"
output=$(cd "$home/work/MyApp" && as_user env NUGET_PACKAGES="$readme_packages" bash -euo pipefail -c "$(block run)" 2>&1) \
  || { echo "$output"; fail "README's program did not run"; }
grep -q "Hello { Name = world }" <<<"$output" || { echo "$output"; fail "README's program did not print Hello { Name = world }"; }
block test-host >"$home/work/MyApp/Program.cs"
output=$(cd "$home/work/MyApp" && as_user env NUGET_PACKAGES="$readme_packages" bash -euo pipefail -c "$(block run)" 2>&1) \
  || { echo "$output"; fail "README's test-host program did not run"; }
grep -q "Pong { Seq = 1 } to 127.0.0.1:40000" <<<"$output" || { echo "$output"; fail "README's test-host program did not print its pong"; }
echo "package-consumer: README's commands, program and test-host program: OK"

# The packages the README's commands made are the ones tested below.
mkdir -p "$feed"
rm -f "$feed"/TypedDgram.[0-9]*.nupkg "$feed"/TypedDgram.[0-9]*.snupkg "$feed"/TypedDgram.Hosting.*nupkg
cp "$home"/typeddgram-feed/TypedDgram.*nupkg "$feed"/
nupkg=$(ls "$feed"/TypedDgram.[0-9]*.nupkg)
version=$(basename "$nupkg" .nupkg)
version=${version#TypedDgram.}
echo "package-consumer: packed TypedDgram $version"

contents=$(unzip -Z1 "$nupkg")
for entry in lib/net10.0/TypedDgram.dll lib/net10.0/TypedDgram.xml README.md \
             analyzers/dotnet/cs/TypedDgram.Generators.dll analyzers/dotnet/cs/TypedDgram.CodeFixes.dll; do
  grep -qx "$entry" <<<"$contents" || fail "the package has no $entry"
done

# The packed README is read outside the repository (nuget.org, an IDE): every link must be absolute or an anchor, and
# point where the package's repository URL (the RepositoryUrl property, as the diagnostics' help links) says.
repository=$(unzip -p "$nupkg" TypedDgram.nuspec | grep -oP '<repository [^>]*url="\K[^"]+') || fail "the package names no repository"
relative=$(unzip -p "$nupkg" README.md | grep -oP '\]\((?!https?:|#|mailto:)[^)]*\)' || true)
[ -z "$relative" ] || fail "the packed README has relative links: $relative"
unzip -p "$nupkg" README.md | grep -q "]($repository/blob/main/docs/" || fail "the packed README's links do not point into $repository"
echo "package-consumer: the packed README's links are absolute, into $repository"

hosting=$(unzip -p "$feed/TypedDgram.Hosting.$version.nupkg" TypedDgram.Hosting.nuspec)
grep -Eq "<dependency id=\"TypedDgram\" version=\"$version\"( include=\"All\")? />" <<<"$hosting" \
  || fail "TypedDgram.Hosting must depend on TypedDgram $version with nothing excluded (its analyzers must flow)"

rm -rf "$packages/typeddgram" "$packages/typeddgram.hosting" "$here/bin" "$here/obj"
dotnet restore "$here" --packages "$packages" -p:TypedDgramVersion="$version" --nologo -v quiet
# The package restored must be the one just packed, not one of the same version from another source.
for id in typeddgram typeddgram.hosting; do
  restored="$packages/$id/$version/$id.$version.nupkg"
  packed=$(ls "$feed" | grep -ix "$id.$version.nupkg")
  [ "$(sha512sum < "$feed/$packed")" = "$(sha512sum < "$restored")" ] || fail "restored $restored is not the package just packed"
done

dotnet build "$here" --no-restore -c Release -p:TypedDgramVersion="$version" --nologo -v quiet
dotnet "$here/bin/Release/net10.0/PackageConsumer.dll"

# TDG1001 (contracts) always; the usage rules once the packaged analyzers have them (string literals are UTF-16 in
# a .NET assembly).
ids=(TDG1001)
unzip -p "$nupkg" analyzers/dotnet/cs/TypedDgram.Generators.dll >"$log"
if grep -aqP 'T\x00D\x00G\x000\x000\x000\x001\x00' "$log"; then
  ids+=(TDG0001)
fi

# The same project with Misuse.cs compiled in must fail with those diagnostics.
if dotnet build "$here" --no-restore -c Release -p:TypedDgramVersion="$version" -p:Misuse=true --nologo >"$log" 2>&1; then
  cat "$log"; fail "the misuse build succeeded"
fi
for id in "${ids[@]}"; do
  grep -q "error $id:" "$log" || { cat "$log"; fail "the misuse build did not report $id"; }
  echo "package-consumer: misuse reported $id"
done
# Wire compatibility (TDG11xx) in a fresh project that references the TypedDgram package only: with the contract
# files beside it, a compatible change is reported as not recorded and a breaking change fails the build; without
# them, nothing is reported.
for entry in build/TypedDgram.targets buildTransitive/TypedDgram.targets; do
  grep -qx "$entry" <<<"$contents" || fail "the package has no $entry"
done
wire="$root/artifacts/wire-compat-consumer"
rm -rf "$wire" && mkdir -p "$wire"
cat >"$wire/nuget.config" <<XML
<configuration><packageSources><add key="typeddgram-local" value="$feed" /></packageSources></configuration>
XML
cat >"$wire/Directory.Build.props" <<'XML'
<Project><PropertyGroup><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>
XML
echo '<Project />' >"$wire/Directory.Packages.props"
cat >"$wire/WireConsumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="TypedDgram" Version="$version" /></ItemGroup>
</Project>
XML
dotnet restore "$wire" --packages "$packages" --nologo -v quiet
wire_build() { # $1: the contract's members; prints the build log, returns the build's status
  printf 'using TypedDgram.Contracts;
namespace Wire;
[Datagram(Id = 1)] public partial record Ping(%s);
' "$1" >"$wire/Protocol.cs"
  dotnet build "$wire" --no-restore --no-incremental -c Release --nologo -v quiet >"$log" 2>&1
}
wire_build 'string Seq'
if grep -q "TDG11" "$log"; then cat "$log"; fail "a project without DatagramContracts files got a TDG11xx diagnostic"; fi
echo "package-consumer: no DatagramContracts files, no TDG11xx diagnostic"
echo 'Wire.Ping = 1: [0] int Seq, [1] string? Note' >"$wire/DatagramContracts.Shipped.txt"
: >"$wire/DatagramContracts.Unshipped.txt"
wire_build 'int Seq, string? Note' || { cat "$log"; fail "the contract as shipped does not build"; }
if grep -q "TDG11" "$log"; then cat "$log"; fail "the contract as shipped got a TDG11xx diagnostic"; fi
wire_build 'int Seq, string? Note, int Retries = 3' || { cat "$log"; fail "a compatible change failed the build"; }
grep -q "warning TDG1108:.*Wire.Ping = 1: \[0\] int Seq, \[1\] string? Note, \[2\] int Retries" "$log" \
  || { cat "$log"; fail "the compatible change was not reported as not recorded (TDG1108)"; }
echo "package-consumer: an appended optional member reported TDG1108 (not recorded)"
echo 'Wire.Ping = 1: [0] int Seq, [1] string? Note, [2] int Retries' >"$wire/DatagramContracts.Unshipped.txt"
wire_build 'int Seq, string? Note, int Retries = 3' || { cat "$log"; fail "the recorded change does not build"; }
if grep -q "TDG11" "$log"; then cat "$log"; fail "the recorded change still got a TDG11xx diagnostic"; fi
echo "package-consumer: recorded in DatagramContracts.Unshipped.txt, no diagnostic"
if wire_build 'string Seq, string? Note, int Retries = 3'; then cat "$log"; fail "the breaking change built"; fi
grep -q "error TDG1103:" "$log" || { cat "$log"; fail "the breaking change did not report TDG1103"; }
echo "package-consumer: a shipped member retyped failed the build with TDG1103"
echo "package-consumer: OK"
