#!/usr/bin/env bash
# Times ./grade on a generated class against the naive way (mvn -o -q test in a copy of each
# submission), in the same run, and prints the ratio. Not part of CI: it takes a while.
#
#   bench/class-benchmark.sh [N]      N submissions, at least 30 (default 30)
#
# The class is a mix of the solution, the starter and the wrong-submission fixtures, each a
# full student clone (the student export plus the student's files), as GitHub Classroom gives them.
set -euo pipefail
kit="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-30}"
(( n >= 30 )) || { echo "use at least 30 submissions" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$kit"

echo "Preparing a student export and $n submissions in $work ..."
mvn -q -B -Pgrade -Dgrade.command="export \"$work/export\"" >/dev/null
fixtures=()
for f in src/test/fixtures/wrong/*/; do fixtures+=("$f"); done
mkdir -p "$work/class"
for i in $(seq 1 "$n"); do
  dir="$work/class/student$(printf %03d "$i")"
  cp -r "$work/export" "$dir"
  case $(( i % 3 )) in
    0) cp -r solutions/src "$dir/" ;;                       # the solution
    1) ;;                                                   # the untouched starter
    2) cp -r solutions/src "$dir/"                          # a wrong submission
       f="${fixtures[$(( i % ${#fixtures[@]} ))]}"
       cp -r "$f/src" "$dir/" ;;
  esac
done

# Warm both paths once (dependencies, plugins, the grader's build) so neither pays a download.
(cd "$work/class/student001" && mvn -o -q -B test >/dev/null 2>&1 || true)
./grade "$work/class" --out "$work/warm" --no-hidden >/dev/null 2>&1 || true

# The test JVMs share a class-data archive kept in the kit's build folder (target/grader/class-data).
# The first class graded after a kit build pays for it; later classes reuse it. Both are timed.
echo "Timing ./grade on the first class after a kit build (it builds the class-data archive) ..."
rm -rf "$kit/target/grader/class-data"
start=$(date +%s.%N)
./grade "$work/class" --out "$work/grades-first" --no-hidden --force >/dev/null 2>"$work/grade-first.log"
first_s=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN{print a-b}')

echo "Timing ./grade on a class graded with the archive already built ..."
start=$(date +%s.%N)
./grade "$work/class" --out "$work/grades" --no-hidden --force >/dev/null 2>"$work/grade.log"
grade_s=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN{print a-b}')

echo "Timing the naive loop: mvn -o -q test in a copy of each submission ..."
start=$(date +%s.%N)
for dir in "$work"/class/*/; do
  cp -r "$dir" "$work/copy"
  (cd "$work/copy" && mvn -o -q -B test >/dev/null 2>&1 || true)
  rm -rf "$work/copy"
done
naive_s=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN{print a-b}')

cores=$(nproc 2>/dev/null || echo "?")
printf '\nsubmissions: %d   cores: %s   test JVM heap cap: 384m\n' "$n" "$cores"
awk -v f="$first_s" -v g="$grade_s" -v s="$naive_s" -v n="$n" 'BEGIN{
  printf "./grade, archive built:   %8.1f s  (%.1f s per submission)  %5.1fx faster\n", f, f/n, s/f
  printf "./grade, archive reused:  %8.1f s  (%.1f s per submission)  %5.1fx faster\n", g, g/n, s/g
  printf "naive loop:               %8.1f s  (%.1f s per submission)\n", s, s/n }'
head -3 "$work/grades/gradebook.csv"
# BENCH_KEEP=DIR keeps the class's grades (gradebook, report, feedback) for a look afterwards.
if [ -n "${BENCH_KEEP:-}" ]; then
  mkdir -p "$BENCH_KEEP" && cp -r "$work/grades/." "$BENCH_KEEP/"
fi
