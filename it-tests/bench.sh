#!/usr/bin/env bash
# FAPI Kit benchmark (README "Benchmarks"): builds what is missing, then starts a FAPI Kit node and a stock Keycloak
# node (PostgreSQL on 127.0.0.1:5432, as the integration tests use) and measures. Prints one table and writes
# it-tests/target/bench/results.{csv,json,md}.
# Options: --quick (short development run), --only=1,2,3,5 (sections; 3 includes 4), --jfr (JFR profile of each node,
# it-tests/target/bench/node-*/bench.jfr), --dev-db (Keycloak's embedded database instead of PostgreSQL).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source docker/build-if-needed.sh
build_if_needed it-tests/target/bench-build.log
exec java -cp "tools/target/classes:$(cat "$tools_classpath_file")" dev.fapikit.tools.bench.Bench "$@"
