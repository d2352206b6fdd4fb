#!/usr/bin/env bash
# make test's stages, one after the other, each timed: the durations are printed at the
# end (and when a stage fails, those run so far), so a slow suite shows where it spends.
#   MAKE=make bash scripts/stages.sh stage…
set -uo pipefail
make_=${MAKE:-make}
done_=()
report() {
  echo "== make test: time by stage =="
  for line in "${done_[@]}"; do echo "$line"; done
}
total0=$(date +%s)
for stage in "$@"; do
  t0=$(date +%s)
  "$make_" --no-print-directory "$stage"
  rc=$?
  d=$(( $(date +%s) - t0 ))
  done_+=("$(printf '%-16s %4d min %02d s' "$stage" $((d / 60)) $((d % 60)))")
  if [ "$rc" -ne 0 ]; then
    done_+=("$stage FAILED (exit $rc)")
    report
    exit "$rc"
  fi
done
d=$(( $(date +%s) - total0 ))
done_+=("$(printf '%-16s %4d min %02d s' total $((d / 60)) $((d % 60)))")
report
