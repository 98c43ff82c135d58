# Sourced by docker/run-local.sh, docker/demo.sh, docs/screenshots.sh and it-tests/bench.sh (from the project root):
# builds FAPI Kit when no build exists or a source changed since the last one.
# Usage: build_if_needed <log file> [<egrep filter of log lines to show>]
# Class paths: $classpath_file (the harness: it-tests/target/classes + its runtime dependencies, for the local runner)
# and $tools_classpath_file (the tools module's runtime dependencies, the harness jar among them; demo, bench, screenshots).
classpath_file="it-tests/target/runner-classpath.txt"
tools_classpath_file="tools/target/tools-classpath.txt"

needs_build() {
  [ -f "$classpath_file" ] && [ -f "$tools_classpath_file" ] || return 0
  [ -n "$(find . -path ./.fapi-kit -prune -o -path '*/target' -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$classpath_file" -print -quit)" ]
}

build_if_needed() {
  local log="$1" filter="${2:-^\[INFO\] Building FAPI|BUILD}"
  needs_build || return 0
  echo "==> Building FAPI Kit (the first run downloads Maven, the dependencies and the Keycloak distribution, ~300 MB;"
  echo "    full log: $log)"
  mkdir -p "$(dirname "$log")"
  # compiled output only (not the rest of target/): Maven never deletes a class or a META-INF/services file whose
  # source was moved or removed, and a stale services file in a provider JAR stops kc.sh build
  rm -rf ./*/target/classes
  if ! ./mvnw -B package -DskipTests 2>&1 | tee "$log" | { grep -E --line-buffered "$filter" || true; }; then
    echo "Build failed; see $log" >&2
    exit 1
  fi
  # Maven rewrites the class path file only when its content changes: mark this build as the latest
  touch "$classpath_file" "$tools_classpath_file"
}
