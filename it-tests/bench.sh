#!/usr/bin/env bash
# FAPI Kit benchmark (README "Benchmarks"): builds what is missing, then starts a FAPI Kit node and a stock Keycloak
# node without the bundle (PostgreSQL on 127.0.0.1:5432, as the integration tests use; both up together) and measures.
# Prints one table and writes it-tests/target/bench/results.{csv,json,md}.
# Sections: 1 token requests (FAPI Kit node vs stock node; 1b FAPI Kit vs built-in profile on one node), 2 CIBA
# approval -> notification and tokens, 3 CIBA intake, 4 pending CIBA requests at scale, 5 signing floor (JMH),
# 6 start-up (kc.sh build, start to ready, heap after start; run last, restarts both nodes), 7 micro-benchmarks of
# FAPI Kit's per-request code (JMH, no Keycloak node).
# Options: --quick (short development run, a few minutes), --only=1,2,3,5,6,7 (sections; 3 includes 4; --only=5,7
# starts no Keycloak node), --jfr (JFR profile of each node, it-tests/target/bench/node-*/bench.jfr; skips 6),
# --dev-db (Keycloak's embedded database instead of PostgreSQL).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source docker/build-if-needed.sh
build_if_needed it-tests/target/bench-build.log
exec java -cp "tools/target/classes:$(cat "$tools_classpath_file")" dev.fapikit.tools.bench.Bench "$@"
