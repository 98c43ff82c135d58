#!/usr/bin/env bash
# FAPI Kit local runner (no Docker): builds what is missing, fetches Keycloak 26.7.3 through Maven, installs the bundle,
# generates the dev PKI and client keys into .fapi-kit/ (git-ignored), imports the demo realms and starts Keycloak on
# https://localhost:8443 with mTLS in request mode. Settings: docker/keycloak.conf, the same file the image uses.
# Environment: FAPIKIT_PORT (8443), FAPIKIT_MANAGEMENT_PORT (9000).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source docker/build-if-needed.sh
build_if_needed .fapi-kit/build.log '^\[INFO\] Building FAPI|Downloaded from .*(keycloak-quarkus-dist|apache-maven)|BUILD'
exec java -cp "it-tests/target/classes:$(cat "$classpath_file")" dev.fapikit.it.harness.DevRunner "$@"
