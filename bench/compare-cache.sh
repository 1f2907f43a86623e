#!/usr/bin/env bash
# Rating cache save/reload of two commits, alternating on the same 10M generated ratings.
# Usage: bench/compare-cache.sh OLD_REV NEW_REV
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"

for side in old new; do
  rev=$([ $side = old ] && echo "${1:?usage: bench/compare-cache.sh OLD_REV NEW_REV}" || echo "${2:?usage}")
  git -C $repo worktree add --detach $work/$side $rev > /dev/null 2>&1
  dotnet build $work/$side/bench/NetflixMf.Benchmarks -c Release > /dev/null
done
bin() { echo "$work/$1/bench/NetflixMf.Benchmarks/bin/Release/net10.0/NetflixMf.Benchmarks"; }
"$(bin new)" generate --out $work/data --ratings 10000000 > /dev/null 2>&1
for round in 1 2 3; do
  for side in old new; do
    echo "== $side round $round, load $(cut -d' ' -f1 /proc/loadavg)"
    "$(bin $side)" load --data "$work/data" --cache "$work/$side.cache" 2>&1 | grep -E "^cache"
  done
done
git -C "$repo" worktree remove --force "$work/old"; git -C "$repo" worktree remove --force "$work/new"; rm -rf "$work"
