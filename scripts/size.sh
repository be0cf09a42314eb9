#!/usr/bin/env bash
# Prints what the release build ships (the page with its inlined styles and first page rendered
# ahead, wasm, JavaScript), raw and gzipped: what the page loads on opening, held to the budget,
# the exchange worker it fetches only when a file is first imported or exported, and the sync
# worker (Yjs) it fetches only when a live session is first joined.
set -euo pipefail
cd "$(dirname "$0")/../dist"
# Several coders (the merge, undo by field, version 3 files and their migration, the coders'
# controls) took the page from 295 to about 340 KB gzip; bringing it under 250 KB by loading what
# the first paint does not need later is the work of the speed round, and this budget keeps it
# from growing meanwhile. The agreement panel took it to about 396 KB, and the page's side of live
# sessions (the session control, the others' selections, the link to the sync worker; Yjs itself
# is in the worker) to about 417. Imports choosing their document (the notice's "Place on this
# document", the request's and the report's new fields) and the merge's folding of typographic
# drift when it places passages (a table; Unicode's normalisation tables stay in the worker) took
# it to about 422, the code hierarchy (the codebook drawn as a tree with its keys, drag and drop
# and questions; the tree's rules in the core) to about 438, and finding and coding (the find box
# and its regular expressions, regex-lite, with the Unicode case and letter tables that whole
# words and case folding need) and the co-occurrence panel to about 486. The panels behind tabs
# and the search, cut from the page's module and fetched on first use (scripts/split_page.py),
# brought it back to about 401. Then what only some visits need became parts too: a live
# session's page code (on the first join), the merge (when work first comes from elsewhere), the
# reading of files and the exchange worker's page side (on the first file), and the reading of
# project files of earlier versions (only for such stored work): about 355. The goal is 250.
BUDGET_KB=360
kb() { awk -v bytes="$1" 'BEGIN { printf "%.1f", bytes / 1024 }'; }

# Prints one group of files and sets group_gzip to its gzipped total.
group() {
  local title=$1
  shift
  local raw_total=0 gzip_total=0 raw gzip file
  printf '%s\n' "$title"
  for file in "$@"; do
    [ -f "$file" ] || continue
    raw=$(wc -c <"$file")
    gzip=$(gzip -9 -c "$file" | wc -c)
    raw_total=$((raw_total + raw))
    gzip_total=$((gzip_total + gzip))
    printf '  %-46s %8s KB %8s KB\n' "$file" "$(kb "$raw")" "$(kb "$gzip")"
  done
  printf '  %-46s %8s KB %8s KB\n' "total" "$(kb "$raw_total")" "$(kb "$gzip_total")"
  group_gzip=$gzip_total
}

printf '  %-46s %11s %11s\n' "shipped file" "raw" "gzip"
shopt -s nullglob
on_open=()
for file in index.html *.wasm *.js *.css; do
  case "$file" in exchange_worker* | sync_worker* | *-split* | *-chunk_*) ;; *) on_open+=("$file") ;; esac
done
group "Loaded on opening the page (budget $BUDGET_KB KB gzip):" "${on_open[@]}"
opening_gzip=$group_gzip
group "Loaded when first wanted (the parts cut from the page, scripts/split_page.py):" *-split* *-chunk_*
group "Loaded on the first import or export (the exchange worker):" exchange_worker*
group "Loaded on the first join of a live session (the sync worker):" sync_worker*
if [ "$opening_gzip" -gt $((BUDGET_KB * 1024)) ]; then
  echo "What the page loads on opening is over the $BUDGET_KB KB budget." >&2
  exit 1
fi
