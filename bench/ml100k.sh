#!/usr/bin/env bash
# Runs the NetflixMf CLI on the five official MovieLens 100K folds (uN.base / uN.test) and prints per-fold and mean
# test RMSE. Usage: bench/ml100k.sh DATA_FOLDER [extra train arguments, e.g. --model mlp]
# Build first: dotnet build NetflixMf.sln -c Release. Needs jq.
set -euo pipefail
data=${1:?usage: bench/ml100k.sh DATA_FOLDER [train arguments]}
shift
cli="$(dirname "$0")/../src/NetflixMf.Cli/bin/Release/net10.0/NetflixMf.Cli"
sum=0
printf '| fold | test RMSE | test MAE | train s |\n|---|---|---|---|\n'
for n in 1 2 3 4 5; do
  metrics=$(mktemp /tmp/ml100k-u$n-XXXX.json)
  "$cli" train --data "$data/u$n.base" --test "$data/u$n.test" --metrics "$metrics" "$@" > /dev/null
  rmse=$(jq -r .testRmse "$metrics"); mae=$(jq -r .testMae "$metrics"); secs=$(jq -r .trainSeconds "$metrics")
  printf '| u%d | %.4f | %.4f | %.2f |\n' "$n" "$rmse" "$mae" "$secs"
  sum=$(echo "$sum + $rmse" | bc -l)
  rm -f "$metrics"
done
printf '| **mean** | **%.4f** | | |\n' "$(echo "$sum / 5" | bc -l)"
