#!/usr/bin/env bash
# Reading a Netflix-format folder inside `train` against `stats`, cold (the files' pages dropped from the page cache
# with posix_fadvise DONTNEED, no root needed) and warm, alternating, so the two are measured under the same load.
# Usage: bench/load-train-vs-stats.sh DATA_FOLDER [REPEAT]   (build first: dotnet build NetflixMf.sln -c Release)
# Prints seconds: stats' "read in", train's reading line and train's loadSeconds (reading + probe split).
set -euo pipefail
data=${1:?usage: bench/load-train-vs-stats.sh DATA_FOLDER [REPEAT]}
repeat=${2:-2}
cli="$(cd "$(dirname "$0")/.." && pwd)/src/NetflixMf.Cli/bin/Release/net10.0/NetflixMf.Cli"
evict() { python3 -c 'import os, sys
for path in sys.argv[1:]:
    fd = os.open(path, os.O_RDONLY); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED); os.close(fd)' "$data"/*.txt; }
printf '| run | cache | stats read s | train read s | train read + probe split s | load avg |\n|---|---|---|---|---|---|\n'
for run in $(seq 1 "$repeat"); do
  for cache in cold warm; do
    if [ "$cache" = cold ]; then evict; fi
    stats=$("$cli" stats --data "$data" --json | jq -r .seconds)
    if [ "$cache" = cold ]; then evict; fi
    metrics=$(mktemp /tmp/load-train-XXXX.json)
    read=$("$cli" train --data "$data" --model dot --factors 8 --epochs 1 --threads 1 --metrics "$metrics" 2>&1 | sed -n 's/^reading .*: done in \([0-9.]*\) s.*/\1/p' | head -1 || true)
    printf '| %d | %s | %s | %s | %s | %s |\n' "$run" "$cache" "$stats" "$read" "$(jq -r .loadSeconds "$metrics")" "$(cut -d' ' -f1 /proc/loadavg)"
    rm -f "$metrics"
  done
done
