#!/usr/bin/env bash
# Builds the benchmarks of two commits in temporary worktrees and runs them alternately on the same generated data:
# fused dot SGD speed (10M ratings, k = 64, 2 threads, 3 epochs) and text load, three rounds each. Prints the raw
# lines; per-epoch train RMSE must match exactly when a change is meant to keep behaviour.
# Usage: bench/compare-commits.sh OLD_REV NEW_REV [ROUNDS]
set -euo pipefail
old_rev=${1:?usage: bench/compare-commits.sh OLD_REV NEW_REV [ROUNDS]}
new_rev=${2:?usage: bench/compare-commits.sh OLD_REV NEW_REV [ROUNDS]}
rounds=${3:-3}
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
cleanup() { git -C "$repo" worktree remove --force "$work/old" 2>/dev/null || true; git -C "$repo" worktree remove --force "$work/new" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for side in old new; do
  rev=$([ $side = old ] && echo "$old_rev" || echo "$new_rev")
  git -C "$repo" worktree add --detach "$work/$side" "$rev" > /dev/null
  dotnet build "$work/$side/bench/NetflixMf.Benchmarks" -c Release > /dev/null
done
bin() { echo "$work/$1/bench/NetflixMf.Benchmarks/bin/Release/net10.0/NetflixMf.Benchmarks"; }
"$(bin new)" generate --out "$work/data" --ratings 10000000 > /dev/null 2>&1
for round in $(seq "$rounds"); do
  for side in old new; do
    echo "== $side ($([ $side = old ] && echo "$old_rev" || echo "$new_rev")) round $round, load $(cut -d' ' -f1 /proc/loadavg)"
    "$(bin $side)" train-speed --model dot --threads 2 --epochs 3 2>&1 | grep -E "^epoch"
    "$(bin $side)" load --data "$work/data" 2>&1 | grep -E "^load"
  done
done
