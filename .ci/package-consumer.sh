#!/usr/bin/env bash
# Packs NetflixMf into a local folder feed, then builds and runs a plain console app that references it by
# PackageReference: proves the package (lib, XML docs, README, buildTransitive native-load fix) works for other apps.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
# A unique version, so the NuGet cache can never hand back a stale copy from an earlier run (docs/getting-started.md).
version="0.0.0-ci.$(date +%s)"
packages="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
# The unique version is removed from the global packages folder again, so runs do not pile up there.
trap 'rm -rf "$work" "${packages%/}/netflixmf/$version"' EXIT
dotnet pack "$repo/src/NetflixMf" -c Release -o "$work/feed" -p:PackageVersion="$version"
test -f "$work/feed/NetflixMf.$version.snupkg"
contents="$(unzip -l "$work/feed/NetflixMf.$version.nupkg")"
for entry in PACKAGE.md lib/net10.0/NetflixMf.dll lib/net10.0/NetflixMf.xml buildTransitive/NetflixMf.targets; do
  grep -q " $entry\$" <<<"$contents" || { echo "package lacks $entry"; exit 1; }
done
cp -r "$repo/tests/PackageConsumer" "$work/app"
cd "$work/app"
dotnet restore --source "$work/feed" --source https://api.nuget.org/v3/index.json -p:NetflixMfVersion="$version"
dotnet build --no-restore -c Release -p:NetflixMfVersion="$version" -v n | grep "NetflixMf: marked GLIBCXX_3.4.32 weak"
dotnet run --no-build -c Release -p:NetflixMfVersion="$version"
