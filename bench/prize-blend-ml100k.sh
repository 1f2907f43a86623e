#!/usr/bin/env bash
# MovieLens 100K folds: a ridge blend of the dot product, SVD++, time biases and SVD++ with time biases, the Netflix
# Prize way. Each uN.base is cut into a fit part (9 of every 10 lines) and a holdout (every 10th line); the members
# train on the fit part, the blend is fitted on the holdout, and everything is tested on uN.test.
# Usage: bench/prize-blend-ml100k.sh DATA_FOLDER   (build first; needs bc)
set -euo pipefail
data=${1:?usage: bench/prize-blend-ml100k.sh DATA_FOLDER}
cli="$(dirname "$0")/../src/NetflixMf.Cli/bin/Release/net10.0/NetflixMf.Cli"
work=$(mktemp -d /tmp/prize-blend-XXXX)
trap 'rm -rf "$work"' EXIT
declare -A models=([dot]="--model dot" [svdpp]="--model svdpp" [time]="--model dot --time-biases" [svdpp+time]="--model svdpp --time-biases")
order=(dot svdpp time svdpp+time)
sum=0
printf '| fold | dot | svdpp | time | svdpp+time | blend |\n|---|---|---|---|---|---|\n'
for n in 1 2 3 4 5; do
  awk 'NR % 10 != 0' "$data/u$n.base" > "$work/fit.data"
  awk 'NR % 10 == 0' "$data/u$n.base" > "$work/holdout.data"
  printf '| u%d |' "$n"
  files=()
  for m in "${order[@]}"; do
    # shellcheck disable=SC2086
    "$cli" train --data "$work/fit.data" --test "$data/u$n.test" ${models[$m]} --save "$work/$m.nmf" > /dev/null
    rmse=$("$cli" predict --model "$work/$m.nmf" --pairs "$data/u$n.test" --out "$work/p.csv" | sed -E 's/.*RMSE ([0-9.]+).*/\1/')
    printf ' %s |' "$rmse"
    files+=("$work/$m.nmf")
  done
  "$cli" blend --models "$(IFS=,; echo "${files[*]}")" --data "$work/holdout.data" --out "$work/blend.nmf" > /dev/null
  rmse=$("$cli" predict --model "$work/blend.nmf" --pairs "$data/u$n.test" --out "$work/p.csv" | sed -E 's/.*RMSE ([0-9.]+).*/\1/')
  printf ' **%s** |\n' "$rmse"
  sum=$(echo "$sum + $rmse" | bc -l)
done
printf '| **mean blend** | | | | | **%.4f** |\n' "$(echo "$sum / 5" | bc -l)"
