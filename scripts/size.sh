#!/usr/bin/env bash
# Prints what the release build ships (wasm, JavaScript, CSS), raw and gzipped, against the budget.
set -euo pipefail
cd "$(dirname "$0")/../dist"
BUDGET_KB=300
kb() { awk -v bytes="$1" 'BEGIN { printf "%.1f", bytes / 1024 }'; }
total_raw=0
total_gzip=0
printf '%-44s %10s %10s\n' "shipped file" "raw" "gzip"
for file in *.wasm *.js *.css; do
  [ -f "$file" ] || continue
  raw=$(wc -c <"$file")
  gzip=$(gzip -9 -c "$file" | wc -c)
  total_raw=$((total_raw + raw))
  total_gzip=$((total_gzip + gzip))
  printf '%-44s %8s KB %8s KB\n' "$file" "$(kb "$raw")" "$(kb "$gzip")"
done
printf '%-44s %8s KB %8s KB  (budget %d KB gzip)\n' "total" "$(kb "$total_raw")" "$(kb "$total_gzip")" "$BUDGET_KB"
if [ "$total_gzip" -gt $((BUDGET_KB * 1024)) ]; then
  echo "The shipped size is over budget." >&2
  exit 1
fi
