#!/usr/bin/env bash
# MovieLens latest-small: the dot default, SVD++, time biases and SVD++ with time biases on 5 seeded random 90/10 splits
# and a temporal split (each user's latest 10%). Prints test RMSE per split and the mean over the random splits.
# Usage: bench/prize-ml-latest-small.sh RATINGS_CSV   (build first: dotnet build NetflixMf.sln -c Release; needs jq, bc)
set -euo pipefail
data=${1:?usage: bench/prize-ml-latest-small.sh ratings.csv}
cli="$(dirname "$0")/../src/NetflixMf.Cli/bin/Release/net10.0/NetflixMf.Cli"
declare -A models=([dot]="--model dot" [svdpp]="--model svdpp" [time]="--model dot --time-biases" [svdpp+time]="--model svdpp --time-biases")
order=(dot svdpp time svdpp+time)
printf '| split |'; for m in "${order[@]}"; do printf ' %s |' "$m"; done; printf '\n|---|---|---|---|---|\n'
declare -A sums
for split in "random:0.1 --seed 1" "random:0.1 --seed 2" "random:0.1 --seed 3" "random:0.1 --seed 4" "random:0.1 --seed 5" "temporal:0.1"; do
  printf '| %s |' "${split/ --seed /, seed }"
  for m in "${order[@]}"; do
    metrics=$(mktemp /tmp/mlsmall-XXXX.json)
    # shellcheck disable=SC2086
    "$cli" train --data "$data" --split $split ${models[$m]} --metrics "$metrics" > /dev/null
    rmse=$(jq -r .testRmse "$metrics"); rm -f "$metrics"
    printf ' %.4f |' "$rmse"
    if [[ $split == random* ]]; then sums[$m]=$(echo "${sums[$m]:-0} + $rmse" | bc -l); fi
  done
  printf '\n'
done
printf '| **random mean** |'; for m in "${order[@]}"; do printf ' **%.4f** |' "$(echo "${sums[$m]} / 5" | bc -l)"; done; printf '\n'
