#!/usr/bin/env bash
# The API benchmark: the reference solution's GET /posts and POST /posts/{id}/tags/{tid} against
# a hand-written floor (plain JDBC and Jackson's streaming writer, served by the same app), on H2
# in memory and on an embedded PostgreSQL server. Run by hand only: it is not part of `mvn test`
# or of CI, and takes about 7 to 9 minutes on 2 cores with the defaults. docs/benchmarks.md has
# the results and how to read them.
#
#   bench/api-benchmark/run.sh [--no-build] [--db=h2,postgresql] [--endpoints=get,post]
#       [--rounds=5] [--seconds=8] [--warmup=10] [--get-clients=2] [--post-clients=8]
#       [--post-requests=300] [--posts=1000] [--tags-per-post=5] [--post-posts=200]
#       [--post-tags=10] [--with-index]
#
# --seconds is the length of one GET round, --post-requests the requests per client in one POST
# round; every round runs once for the solution and once for the floor, in alternating order.
# --with-index adds an index on Itemtags (taggable_id, taggable), which the kit's schema does not
# have, to see the join without H2's scan of Itemtags for every post.
# --no-build reuses the last build (in target/api-benchmark).
# The exit status is 1 when the floor's bytes differ from the solution's, when a request failed,
# or when the solution's GET /posts sends more than one SQL statement.
set -euo pipefail
kit="$(cd "$(dirname "$0")/../.." && pwd)"
out="$kit/target/api-benchmark"
cd "$kit"

build=1
if [[ "${1:-}" == "--no-build" ]]; then build=0; shift; fi

if (( build )); then
  echo "Building the kit with the solution's files (mvn -Psolution -Ddb=postgresql test-compile) ..."
  mkdir -p "$out"
  # target/classes is shared with every other build of this checkout, so the solution's classes
  # are copied out at once, and checked to be the solution's (not the starter's) before use.
  for attempt in 1 2 3; do
    mvn -q -B -Psolution -Ddb=postgresql test-compile
    rm -rf "$out/app"
    cp -r target/classes "$out/app"
    if ! grep -q LabTodo "$out/app/lab/tagging/posts/PostQueries.class"; then break; fi
    if (( attempt == 3 )); then
      echo "target/classes kept being rebuilt with the starter's files by another build; try again later" >&2
      exit 1
    fi
    echo "target/classes was rebuilt by another build meanwhile; building again ..."
  done
  mvn -q -B -Ddb=postgresql org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test >/dev/null
  rm -rf "$out/classes"
  javac -d "$out/classes" -cp "$out/app:$(cat "$out/classpath.txt")" "$kit"/bench/api-benchmark/src/*.java
fi

[[ -d "$out/classes" ]] || { echo "nothing built yet: run without --no-build first" >&2; exit 2; }
exec java -Xms1g -Xmx2g \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.org.hibernate.orm.jdbc.error=off \
  -cp "$out/classes:$out/app:$(cat "$out/classpath.txt")" ApiBenchmark "$@"
