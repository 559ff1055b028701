#!/usr/bin/env bash
# Runs a command inside a private test session:
#   - a private D-Bus session bus (dbus-run-session), never the machine's own bus;
#   - gnome-keyring's Secret Service on that bus, unlocked with a throw-away password;
#   - throw-away XDG_* directories for the whole command, so neither the keyring nor any
#     tool's config or cache touches the user's real ones.
# Everything is torn down when the command exits: the keyring daemon by pid, the bus by
# dbus-run-session, the directories by the trap.
#
#   bash test/env/session.sh <command> [args...]
#   e.g. bash test/env/session.sh npx tsx --test test/smoke/keyring.test.ts
#
# The command sees GLC_TEST_SESSION_DIR (the throw-away root); test/support/keyring.ts
# checks for it before any test touches a keyring.
set -euo pipefail

if [ "${1:-}" != --inside-private-bus ]; then
  [ $# -gt 0 ] || { echo "usage: $0 <command> [args...]" >&2; exit 2; }
  # dbus-run-session may warn "Failed to set fd limit" when it cannot raise rlimits; harmless.
  exec dbus-run-session -- bash "$(readlink -f "$0")" --inside-private-bus "$@"
fi
shift

session_dir="$(mktemp -d -t glc-test-session.XXXXXX)"
keyring_pid=""
cleanup() {
  if [ -n "$keyring_pid" ]; then
    kill "$keyring_pid" 2>/dev/null || true
    wait "$keyring_pid" 2>/dev/null || true
  fi
  rm -rf "$session_dir"
}
trap cleanup EXIT
# bash skips the EXIT trap when a signal kills it: turn the signals into an exit.
trap 'exit 130' INT
trap 'exit 143' TERM

export XDG_DATA_HOME="$session_dir/data" XDG_CONFIG_HOME="$session_dir/config" \
  XDG_CACHE_HOME="$session_dir/cache" XDG_RUNTIME_DIR="$session_dir/run" \
  XDG_STATE_HOME="$session_dir/state"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
install -d -m 0700 "$XDG_RUNTIME_DIR"

# --unlock reads the password from stdin and creates (or unlocks) the "login" collection,
# so no prompt is ever needed; --foreground keeps its pid ours to stop.
printf '%s' "throw-away-$RANDOM$RANDOM" |
  gnome-keyring-daemon --foreground --unlock --components=secrets \
    >"$session_dir/keyring.out" 2>"$session_dir/keyring.log" &
keyring_pid=$!

secrets_on_bus() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
    grep -q 'boolean true'
}
for _ in $(seq 1 100); do
  secrets_on_bus && break
  kill -0 "$keyring_pid" 2>/dev/null || break
  sleep 0.1
done
if ! secrets_on_bus; then
  echo "session: gnome-keyring did not take org.freedesktop.secrets on the private bus" >&2
  cat "$session_dir/keyring.log" >&2 || true
  exit 1
fi

export GLC_TEST_SESSION_DIR="$session_dir"
# Not exec: the trap must outlive the command to stop the keyring and remove the directories.
"$@"
