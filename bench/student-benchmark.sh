#!/usr/bin/env bash
# Times a student's feedback loop against a bare Maven project, in one run, interleaved, and
# prints the medians and the ratios. Not part of CI: it takes a while.
#
#   bench/student-benchmark.sh [ROUNDS]      ROUNDS of every command, at least 3 (default 5)
#
# BENCH_BEFORE=DIR also times `mvn -q -Pgrade` in a copy of DIR, a finished lab exported by an
# older build of the kit, to compare before and after in the same run.
#
# The student's side is a finished lab: a student export with the files of solutions/ copied
# over it. The baseline (bench/student-baseline) has the kit's Hibernate, H2 and JUnit versions
# and one test that boots Hibernate on H2 and saves one row; it runs with `mvn -q test`. Each
# round runs every command once, in the same order, so that a busy spell of a shared machine
# falls on all of them; the medians over the rounds are compared.
set -euo pipefail
kit="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-5}"
(( rounds >= 3 )) || { echo "use at least 3 rounds" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$kit"

echo "Preparing a finished lab (a student export plus solutions/) and the baseline in $work ..."
mvn -q -B -Pgrade -Dgrade.command="export \"$work/student\"" >/dev/null
cp -r solutions/src "$work/student/"
# A second copy for the first run after `mvn clean`, so that cleaning it leaves the first copy's
# reused files alone.
cp -r "$work/student" "$work/student-clean"
cp -r bench/student-baseline "$work/baseline"
edited="$work/student-edit/src/main/java/lab/tagging/web/AddTagHandler.java"
cp -r "$work/student" "$work/student-edit"

# Warm every path once (Maven's plugins, the first build of each copy), so none pays a download.
for dir in student student-edit; do
  (cd "$work/$dir" && mvn -q -B -Pgrade >/dev/null 2>&1) || true
done
(cd "$work/baseline" && mvn -q -B test >/dev/null 2>&1)
(cd "$work/student" && mvn -q -B test -Dgroups=lab2 >/dev/null 2>&1) || true
if [ -n "${BENCH_BEFORE:-}" ]; then
  cp -r "$BENCH_BEFORE" "$work/before"
  (cd "$work/before" && mvn -q -B -Pgrade >/dev/null 2>&1) || true
fi

times="$work/times"
: >"$times"
# run LABEL DIR COMMAND...: times one command (wall, user and system seconds, children included).
run() {
  local label="$1" dir="$2"
  shift 2
  local out="$work/out-$label" t
  TIMEFORMAT='%R %U %S'
  { time (cd "$dir" && "$@" >"$out" 2>&1); } 2>"$work/t" || { echo "$label failed:" >&2; tail -20 "$out" >&2; exit 1; }
  t="$(tail -1 "$work/t")"
  echo "$label $t" >>"$times"
}
# A finished lab must score full marks, or the timing is of a broken run.
full() {
  grep -q "^Score: 80/80" "$work/out-$1" || { echo "$1 did not score 80/80:" >&2; tail -20 "$work/out-$1" >&2; exit 1; }
}

for r in $(seq 1 "$rounds"); do
  echo "Round $r of $rounds ..."
  run baseline "$work/baseline" mvn -q -B test
  run grade "$work/student" mvn -q -B -Pgrade
  full grade
  run lab1 "$work/student" mvn -q -B -Pgrade -Dlab=lab1
  (cd "$work/student-clean" && mvn -q -B clean >/dev/null)
  run first "$work/student-clean" mvn -q -B -Pgrade
  full first
  # A body changed, the API the same: the student's classes compile again, the graded tests do not.
  echo "// edited in round $r" >>"$edited"
  run edit "$work/student-edit" mvn -q -B -Pgrade
  full edit
  run groups "$work/student" mvn -q -B test -Dgroups=lab2
  if [ -n "${BENCH_BEFORE:-}" ]; then
    run before "$work/before" mvn -q -B -Pgrade
    full before
  fi
done

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
stat() { grep "^$1 " "$times" | awk -v f="$2" '{print (f == "cpu") ? $3 + $4 : $2}' | median; }
base_wall="$(stat baseline wall)"
base_cpu="$(stat baseline cpu)"
printf '\nrounds: %d   cores: %s   %s\n' "$rounds" "$(nproc 2>/dev/null || echo '?')" "$(java -version 2>&1 | head -1)"
printf '%-52s %9s %7s %9s %7s\n' "command" "wall (s)" "ratio" "CPU (s)" "ratio"
for row in "baseline:baseline: mvn -q test" "grade:finished lab: mvn -q -Pgrade, nothing changed" \
    "lab1:finished lab: mvn -q -Pgrade -Dlab=lab1" "first:first run after mvn clean: mvn -q -Pgrade" \
    "edit:after an edit of a method body: mvn -q -Pgrade" "groups:finished lab: mvn -q test -Dgroups=lab2" \
    "before:older kit (BENCH_BEFORE): mvn -q -Pgrade"; do
  label="${row%%:*}"
  grep -q "^$label " "$times" || continue
  text="${row#*:}"
  w="$(stat "$label" wall)"
  c="$(stat "$label" cpu)"
  awk -v t="$text" -v w="$w" -v c="$c" -v bw="$base_wall" -v bc="$base_cpu" \
    'BEGIN {printf "%-52s %9.1f %6.2fx %9.1f %6.2fx\n", t, w, w / bw, c, c / bc}'
done
# BENCH_KEEP=FILE keeps every timing (label wall user system) for a look afterwards.
if [ -n "${BENCH_KEEP:-}" ]; then
  cp "$times" "$BENCH_KEEP"
fi
