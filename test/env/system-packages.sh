#!/usr/bin/env bash
# Makes sure the Debian 12 packages the build and the tests need are installed.
#   as root:      installs whatever is missing with apt (idempotent; no apt run when all present)
#   as non-root:  if something is missing, fails and prints the exact apt-get command to run
# Nothing is started here: the tests start their own services (test/support/*.ts) and
# test/env/session.sh starts the private D-Bus session and keyring.
set -euo pipefail

PKGS=(
  # native addons built by `npm ci` (node-pty, ssh2's optional crypto binding, cpu-features)
  build-essential python3
  # Secret Service on a private D-Bus session bus (test/env/session.sh, keyring smoke test)
  dbus dbus-x11 gnome-keyring libsecret-tools
  # headless Chromium for renderer tests (playwright-core drives /usr/bin/chromium)
  chromium fonts-dejavu-core
  # loopback OpenSSH server for ssh2 tests (test/support/sshd.ts)
  openssh-server openssh-client
  # X server for the RDP server's screen and for xfreerdp (test/support/rdp-server.ts)
  xvfb xauth
  # RDP server with real NLA password checks, its SAM-file tool, and the RDP client
  freerdp2-x11 freerdp2-shadow-x11 winpr-utils
  # xwininfo: whether the RDP client opened its window, i.e. logged in (test/daemon/rdp/, test/ui/rdp)
  x11-utils
  # clipboard tools the daemon uses in plain Node hosts (copyRdpPassword; test/daemon/rdp/clipboard.test.ts)
  xclip xsel
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system-packages: all ${#PKGS[@]} packages present"
elif [ "$(id -u)" -ne 0 ]; then
  echo "system-packages: missing ${missing[*]}" >&2
  echo "system-packages: install them with:" >&2
  echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
else
  echo "system-packages: installing ${missing[*]}"
  # Keep apt from starting sshd as a system service (port 22) while it installs: a
  # policy-rc.d that denies every start, removed again afterwards if we added it.
  added_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    added_policy=1
  fi
  trap 'if [ "$added_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi' EXIT
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "system-packages: installed ${#missing[@]} packages"
fi

# sshd refuses to start without its privilege-separation directory, which systemd
# normally creates; test/support/sshd.ts also creates it when it runs as root.
if [ "$(id -u)" -eq 0 ]; then
  install -d -m 0755 /run/sshd
fi
