#!/usr/bin/env bash
# Screenshots of the admin guide, and the check that every admin-console screen and option the guide names exists:
# starts Keycloak 26.7.3 with FAPI Kit (fresh embedded database in .fapi-kit/screenshots/; first without realms and
# the complete profiles loaded server-wide, then with the demo realms), then headless Chromium (Debian's chromium +
# chromium-driver, driven by Selenium) visits each screen of docs/screenshots/manifest.json, checks the texts listed there and writes docs/images/*.png (1280x800).
# Exit status 1 lists what is missing. Not part of ./mvnw verify (CI machines have no Chromium).
# Options: --only <id>[,<id>...]   --base-url https://localhost:8443 (a running server)   --keep-running
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "==> Installing Debian's chromium and chromium-driver"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "chromium and chromium-driver are missing; install them as root: apt-get install -y chromium chromium-driver" >&2
    exit 2
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi

classpath_file="it-tests/target/runner-classpath.txt"
if [ ! -f "$classpath_file" ] || [ -n "$(find . -path ./.fapi-kit -prune -o -path '*/target' -prune -o \
    \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$classpath_file" -print -quit)" ]; then
  echo "==> Building FAPI Kit (log: .fapi-kit/build.log)"
  mkdir -p .fapi-kit
  ./mvnw -B package -DskipTests >.fapi-kit/build.log 2>&1 || { echo "Build failed; see .fapi-kit/build.log" >&2; exit 1; }
  touch "$classpath_file"
fi
exec java -cp "it-tests/target/classes:$(cat "$classpath_file")" dev.fapikit.it.screenshots.Screenshots "$@"
