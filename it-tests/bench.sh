#!/usr/bin/env bash
# FAPI Kit benchmark (README "Benchmarks"): builds what is missing, then starts a FAPI Kit node and a stock Keycloak
# node (PostgreSQL on 127.0.0.1:5432, as the integration tests use) and measures. Prints one table and writes
# it-tests/target/bench/results.{csv,json,md}.
# Options: --quick (short development run), --only=1,2,3,5 (sections; 3 includes 4), --jfr (JFR profile of each node,
# it-tests/target/bench/node-*/bench.jfr), --dev-db (Keycloak's embedded database instead of PostgreSQL).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
classpath_file="it-tests/target/runner-classpath.txt"

needs_build() {
  [ -f "$classpath_file" ] || return 0
  [ -n "$(find . -path ./.fapi-kit -prune -o -path '*/target' -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$classpath_file" -print -quit)" ]
}

if needs_build; then
  echo "==> Building FAPI Kit (the first run downloads Maven, the dependencies and the Keycloak distribution;"
  echo "    full log: it-tests/target/bench-build.log)"
  mkdir -p it-tests/target
  if ! ./mvnw -B package -DskipTests > it-tests/target/bench-build.log 2>&1; then
    tail -40 it-tests/target/bench-build.log >&2
    echo "Build failed; see it-tests/target/bench-build.log" >&2
    exit 1
  fi
  # the class path file is only rewritten when it changes; mark this build as the latest
  touch "$classpath_file"
fi
exec java -cp "it-tests/target/classes:$(cat "$classpath_file")" dev.fapikit.it.bench.Bench "$@"
