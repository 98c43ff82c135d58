#!/usr/bin/env bash
# FAPI Kit guided demo: plays the CIBA, FAPI 1.0 Advanced, FAPI 2.0 (with a payment, RFC 9396) and mTLS client-authentication flows as real
# clients against the server docker/run-local.sh started, printing each HTTP exchange with decoded JWTs and the spec
# section it shows. Start docker/run-local.sh first (in another terminal), then:
#   docker/demo.sh            # CIBA approvals wait for you on the approval page
#   docker/demo.sh --auto     # approves through the authenticator-app API; no interaction
# Options: --base-url URL, --pki DIR (default .fapi-kit/pki), --admin-user/--admin-password (default admin/admin),
# --only ciba|fapi1|fapi2|mtls. Environment: FAPIKIT_PORT (8443). Exit status 0 when every step passed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source docker/build-if-needed.sh
build_if_needed .fapi-kit/demo-build.log '^\[INFO\] Building FAPI|BUILD'
exec java -cp "tools/target/classes:$(cat "$tools_classpath_file")" dev.fapikit.tools.demo.Demo "$@"
