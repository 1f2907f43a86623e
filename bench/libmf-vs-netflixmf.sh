#!/usr/bin/env bash
# NetflixMf against LIBMF, side by side on the same ratings: generates a Netflix-shaped synthetic set in the Netflix
# Prize file format, exports the same probe split in LIBMF's format, builds LIBMF from its public source, then for each
# thread count runs LIBMF and NetflixMf back to back (k = 64) and prints ratings/s per training pass and their ratio.
#
# Usage: bench/libmf-vs-netflixmf.sh [--ratings N] [--threads "1 2"] [--epochs E] [--repeat R] [--work DIR]
#                                    [--libmf SRC_DIR_OR_GIT_URL] [--factors K]
#   --ratings  ratings of the generated set (default 100480507, the Netflix Prize size)
#   --epochs   training passes per run (default 4); a pass time is the median over passes 2..E
#   --repeat   repetitions of the whole side-by-side (default 2)
#   --work     scratch folder for data, LIBMF and logs (default /tmp/netflixmf-vs-libmf); data is reused if present
#   --libmf    a LIBMF source folder or git URL (default https://github.com/cjlin1/libmf); never copied into the repo
# Timing: NetflixMf reports the seconds of each RunEpoch (exactly one pass over the training ratings, no evaluation);
# LIBMF prints one line per pass and flushes it, so a pass is the time between two lines: one pass plus LIBMF's probe
# RMSE over ~1.4% as many ratings (a prediction is cheaper than an update: under 1% of the pass, in NetflixMf's favour).
# Needs: dotnet, g++, make, git, jq. Memory: one process at a time, ~3.5 GB at 100M ratings.
set -euo pipefail
ratings=100480507; threads="1 2"; epochs=4; repeat=2; work=/tmp/netflixmf-vs-libmf; factors=64
libmf_source=https://github.com/cjlin1/libmf
while [ $# -gt 0 ]; do
  case "$1" in
    --ratings) ratings=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --epochs) epochs=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --libmf) libmf_source=$2; shift 2 ;;
    --factors) factors=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$work"

# 1. LIBMF from source (built once per work folder).
if [ ! -x "$work/libmf/mf-train" ]; then
  rm -rf "$work/libmf"
  if [ -d "$libmf_source" ]; then cp -r "$libmf_source" "$work/libmf"; else git clone -q --depth 1 "$libmf_source" "$work/libmf"; fi
  make -C "$work/libmf" -s > "$work/libmf-build.log" 2>&1
fi
echo "LIBMF: $(git -C "$work/libmf" log -1 --format='%h %ad' --date=short 2>/dev/null || echo "$libmf_source")"

# 2. NetflixMf (CLI and benchmarks), Release.
dotnet build "$root/src/NetflixMf.Cli" -c Release -v q -nologo > "$work/build.log" 2>&1
dotnet build "$root/bench/NetflixMf.Benchmarks" -c Release -v q -nologo >> "$work/build.log" 2>&1
cli="$root/src/NetflixMf.Cli/bin/Release/net10.0/NetflixMf.Cli"
bench="$root/bench/NetflixMf.Benchmarks/bin/Release/net10.0/NetflixMf.Benchmarks"

# 3. Data: the Netflix Prize format, then the same probe split in LIBMF's format.
data="$work/netflix-$ratings"
if [ ! -f "$data/probe.txt" ]; then "$bench" generate --out "$data" --ratings "$ratings" > "$work/generate-$ratings.log" 2>&1; fi
if [ ! -f "$data-libmf/probe.txt" ]; then "$bench" libmf-export --data "$data" --out "$data-libmf" > "$work/export-$ratings.log"; fi
train_count=$(wc -l < "$data-libmf/train.txt")
echo "data: $data ($train_count training ratings, $(wc -l < "$data-libmf/probe.txt") probe)"
"$bench" shape --data "$data" | sed 's/^/  /'

# timed LOG COMMAND...: runs COMMAND and writes each output line prefixed with the wall clock and the process's CPU
# seconds so far (user + system, all threads, from /proc/PID/stat), so passes can be timed in both.
timed() {
  local log=$1; shift
  local fifo; fifo=$(mktemp -u /tmp/netflixmf-bench-XXXXXX); mkfifo "$fifo"
  "$@" > "$fifo" 2>&1 &
  local pid=$! tck; tck=$(getconf CLK_TCK)
  while IFS= read -r line; do
    cpu=$(awk -v t="$tck" '{sub(/^.*\) /, ""); print ($12 + $13) / t}' "/proc/$pid/stat" 2>/dev/null || echo nan)
    printf '%s %s %s\n' "$(date +%s.%N)" "$cpu" "$line"
  done < "$fifo" > "$log"
  wait "$pid"; rm -f "$fifo"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

printf '\n| set | threads | run | NetflixMf ratings/s (pass s) | LIBMF ratings/s (pass s) | wall ratio | CPU s per pass NetflixMf / LIBMF | CPU ratio | probe RMSE NetflixMf / LIBMF | load avg before / after |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for run in $(seq 1 "$repeat"); do
  for t in $threads; do
    before=$(cut -d' ' -f1 /proc/loadavg)
    # LIBMF: one line per pass, flushed.
    log="$work/libmf-$ratings-t$t-r$run.log"
    timed "$log" "$work/libmf/mf-train" -k "$factors" -s "$t" -t "$epochs" -p "$data-libmf/probe.txt" "$data-libmf/train.txt" /dev/null
    libmf_pass=$(awk '$3 ~ /^[0-9]+$/ {if (prev) print $1 - prev; prev = $1}' "$log" | median)
    libmf_cpu=$(awk '$3 ~ /^[0-9]+$/ {if (prev != "") print $2 - prev; prev = $2}' "$log" | median)
    libmf_rmse=$(awk '$3 ~ /^[0-9]+$/ {r = $5} END {print r}' "$log")
    # NetflixMf: the CLI's own per-epoch seconds (one RunEpoch each); CPU between its epoch lines (pass + probe RMSE).
    metrics="$work/netflixmf-$ratings-t$t-r$run.json"
    log="$work/netflixmf-$ratings-t$t-r$run.log"
    timed "$log" "$cli" train --data "$data" --split probe --model dot --factors "$factors" --epochs "$epochs" --threads "$t" --metrics "$metrics"
    ours_pass=$(jq -r '.epochs[1:][] .seconds' "$metrics" | median)
    ours_cpu=$(awk '$3 == "epoch" {if (prev != "") print $2 - prev; prev = $2}' "$log" | median)
    ours_rmse=$(jq -r '.epochs[-1].testRmse' "$metrics")
    after=$(cut -d' ' -f1 /proc/loadavg)
    awk -v n="$train_count" -v o="$ours_pass" -v l="$libmf_pass" -v oc="$ours_cpu" -v lc="$libmf_cpu" -v set="$ratings" -v t="$t" -v run="$run" -v orm="$ours_rmse" -v lrm="$libmf_rmse" -v b="$before" -v a="$after" \
      'BEGIN {printf "| %.0fM | %d | %d | %.1fM (%.2f s) | %.1fM (%.2f s) | **%.2f** | %.2f / %.2f | **%.2f** | %.4f / %s | %s / %s |\n", set/1e6, t, run, n/o/1e6, o, n/l/1e6, l, l/o, oc, lc, lc/oc, orm, lrm, b, a}'
  done
done
