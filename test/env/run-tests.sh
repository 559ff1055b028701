#!/usr/bin/env bash
# `npm test`: the whole check, as CI runs it and as anyone can run it on Debian 12.
#   1. system packages the tests need (installed as root, or the exact apt command is printed)
#   2. lint, both type-checks, the build
#   3. every test/**/*.test.ts under Node's test runner, inside a private D-Bus session with
#      a throw-away unlocked gnome-keyring (test/env/session.sh)
# Step 1 must pass for anything else to run; steps 2 and 3 all run even when one fails, so a
# single run reports every problem. Exit status: 0 only when every step passed.
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

failed=()
run_step() {
  local name="$1"
  shift
  step "$name"
  if ! "$@"; then
    failed+=("$name")
    printf '!! %s failed\n' "$name" >&2
  fi
}

run_tests() {
  # setsid: a new process group whose id is the runner's pid, for the cleanup above.
  # --test-timeout applies to each test and to each file as a whole: a hang (a test that never
  # settles, a handle that keeps a file's process alive) is cancelled and reported, not waited on.
  setsid bash test/env/session.sh \
    node --import tsx --test --test-concurrency=2 --test-timeout=300000 'test/**/*.test.ts' &
  tests_pid=$!
  wait "$tests_pid"
}

run_step "lint" eslint .
run_step "type-check (Node side)" tsc -p tsconfig.json
run_step "type-check (renderer)" tsc -p renderer/tsconfig.json
run_step "build" node scripts/build.js
run_step "tests (node $(node --version))" run_tests

if [ ${#failed[@]} -gt 0 ]; then
  step "FAILED:"
  printf '   - %s\n' "${failed[@]}"
  exit 1
fi
step "all checks passed"
