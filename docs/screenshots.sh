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

source docker/build-if-needed.sh
build_if_needed .fapi-kit/build.log
exec java -cp "tools/target/classes:$(cat "$tools_classpath_file")" dev.fapikit.tools.screenshots.Screenshots "$@"
