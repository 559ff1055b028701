#!/usr/bin/env bash
# `npm test`: the whole check, as CI runs it and as anyone can run it on Debian 12.
#   1. system packages the tests need (installed as root, or the exact apt command is printed)
#   2. lint, both type-checks, the build
#   3. every test/**/*.test.ts under Node's test runner, inside a private D-Bus session with
#      a throw-away unlocked gnome-keyring (test/env/session.sh)
# Services (sshd, the RDP server, Chromium) are started by the test files themselves through
# test/support/, on free loopback ports, so test files can run in parallel.
set -euo pipefail
cd "$(dirname "$0")/../.."

# npm puts node_modules/.bin first on PATH (Node 22 from the `node` devDependency); do the
# same when this script is run directly, so both ways test the same runtime.
export PATH="$PWD/node_modules/.bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

tests_pid=""
cleanup() {
  # The test runner runs in its own process group: whatever a test left behind (sshd,
  # Xvfb, an RDP server after a crash) goes with it, on success and on failure alike.
  if [ -n "$tests_pid" ]; then
    kill -TERM -- "-$tests_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "system packages"
bash test/env/system-packages.sh

step "lint"
eslint .

step "type-check (Node side)"
tsc -p tsconfig.json

step "type-check (renderer)"
tsc -p renderer/tsconfig.json

step "build"
node scripts/build.js

step "tests (node $(node --version))"
# setsid: a new process group whose id is the runner's pid, for the cleanup above.
setsid bash test/env/session.sh \
  node --import tsx --test --test-concurrency=2 'test/**/*.test.ts' &
tests_pid=$!
wait "$tests_pid"
step "all checks passed"
