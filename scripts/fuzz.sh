#!/usr/bin/env bash
# Runs every fuzz target for FUZZ_SECONDS (default 60) with cargo fuzz on the nightly toolchain,
# starting from the committed seed corpora (fuzz/corpus/<target>); new inputs go to a scratch
# folder. Prints, per target, how many inputs were tried and whether anything crashed.
set -uo pipefail
cd "$(dirname "$0")/../fuzz"
export PATH="$HOME/.cargo/bin:$PATH"
seconds=${FUZZ_SECONDS:-60}
targets=(project_file w3c csv refi_project refi_codebook markdown_document text_document anchoring room_frames)

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "Installing cargo-fuzz"
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi

scratch=$(mktemp -d)
failed=0
printf '%-20s %12s %10s  %s\n' "target" "inputs" "seconds" "result"
for target in "${targets[@]}"; do
  mkdir -p "$scratch/$target"
  log="$scratch/$target.log"
  cargo +nightly fuzz run "$target" "$scratch/$target" "corpus/$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 >"$log" 2>&1
  status=$?
  runs=$(grep -oE 'Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' | tail -n 1)
  if [ "$status" -eq 0 ]; then
    result="no crash"
  else
    result="CRASH (see fuzz/artifacts/$target and $log)"
    failed=1
    tail -n 30 "$log"
  fi
  printf '%-20s %12s %10s  %s\n' "$target" "${runs:-?}" "$seconds" "$result"
done
exit "$failed"
