#!/usr/bin/env bash
# FAPI Kit local runner (no Docker): builds what is missing, fetches Keycloak 26.7.3 through Maven, installs the bundle,
# generates the dev PKI and client keys into .fapi-kit/ (git-ignored), imports the demo realms and starts Keycloak on
# https://localhost:8443 with mTLS in request mode. Settings: docker/keycloak.conf, the same file the image uses.
# Environment: FAPIKIT_PORT (8443), FAPIKIT_MANAGEMENT_PORT (9000).
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
  echo "==> Building FAPI Kit (the first run downloads Maven, the dependencies and the Keycloak distribution, ~300 MB;"
  echo "    full log: .fapi-kit/build.log)"
  mkdir -p .fapi-kit
  if ! ./mvnw -B package -DskipTests 2>&1 | tee .fapi-kit/build.log \
      | { grep -E --line-buffered '^\[INFO\] Building FAPI|Downloaded from .*(keycloak-quarkus-dist|apache-maven)|BUILD' || true; }; then
    echo "Build failed; see .fapi-kit/build.log" >&2
    exit 1
  fi
fi
exec java -cp "it-tests/target/classes:$(cat "$classpath_file")" dev.fapikit.it.harness.DevRunner "$@"
