// The script that gathers diagnostics on a Linux compute, run as `sh -c "$GLC_SELF" gather <fleet>
// <compute> <version> host [<container name>=<runtime id>...]` with GLC_SELF holding this text (it
// re-runs itself under sudo, and inside each game server container through `docker exec`).
// A template literal: backslashes, backticks and dollar-braces are escaped; the shell sees them once.
export const GATHER_SCRIPT_LINUX = `# gamelift-connect: gather diagnostics on a GameLift Linux compute (POSIX sh; only what Amazon Linux
# always has). Arguments: fleet id, compute name, tool version, mode ("host" or "container"), then in
# host mode the game server containers as <name>=<runtime id>, in container mode the folder prefix.
# Output on stdout: one line "GAMELIFT-DIAGNOSTICS <bytes> <sha256>" then exactly that many bytes of
# .tar.gz (container mode: a plain tar, for the host run to merge). Nothing else ever goes to stdout.
# Where things are (sources): the build is installed under /local/game and the metadata file is
# /local/gamemetadata/gamelift-metadata.json (GameLift developer guide, "Connect to fleet
# instances" / server SDK 5 GetComputeCertificate); the GameLift Agent logs to /local/gameliftagent/logs
# by default (aws/amazon-gamelift-agent README, gamelift-agent-log-path); cores go where
# /proc/sys/kernel/core_pattern says (core(5)).
exec 3>&1 >/dev/null </dev/null
FLEET=$1 COMPUTE=$2 TOOL=$3 MODE=$4
shift 4
# ssm-user and gl-user-remote may sudo without a password on GameLift instances: cores, kernel
# messages and other users' logs need root. Without it, what cannot be read is listed as such.
if [ "$(id -u)" != 0 ] && [ -n "\${GLC_SELF:-}" ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  exec sudo -n env GLC_SELF="$GLC_SELF" sh -c "$GLC_SELF" gather "$FLEET" "$COMPUTE" "$TOOL" "$MODE" "$@" >&3
fi

LOG_CAP=$((16 * 1024 * 1024))   # per log file: its last 16 MiB
LOG_FILES=100                   # newest log files per folder
CORE_CAP=$((512 * 1024 * 1024)) # a core is whole or not at all
CORES=3                         # newest core files
TOTAL_CAP=$((1024 * 1024 * 1024)) # all items, before compression
COMMAND_SECONDS=30
COPY_SECONDS=300
DISK_MARGIN_KB=$((256 * 1024))

# Staged on disk, not RAM: /tmp is a tmpfs on Amazon Linux 2023. Named after the compute, for
# whoever finds it (it is removed on any exit but SIGKILL).
tag=$(printf '%s' "$COMPUTE" | tr -c 'A-Za-z0-9._-' '_' | cut -c 1-64)
for base in /var/tmp /tmp; do W=$(mktemp -d "$base/gamelift-diagnostics.$tag.XXXXXX" 2>/dev/null) && break; done
[ -n "\${W:-}" ] || { echo 'cannot create a temporary folder in /var/tmp or /tmp' >&2; exit 70; }
trap 'rm -rf "$W"' EXIT
trap 'exit 130' INT TERM HUP PIPE
if [ "$MODE" = container ]; then P=$1; else P=; fi
D=$W/gamelift-diagnostics
mkdir -p "$D/$P" || exit 70
ITEMS=$W/items.jsonl
: >"$ITEMS"
USED=0

# Game server images may have BusyBox, whose timeout and find differ from GNU's: checked once.
if timeout -k 1 5 true >/dev/null 2>&1; then HAVE_TIMEOUT=1; else HAVE_TIMEOUT=; fi
if find / -maxdepth 0 -printf '' >/dev/null 2>&1; then GNU_FIND=1; else GNU_FIND=; fi
limited() { # seconds command...: the command, killed after so many seconds where timeout works
  s=$1; shift
  if [ -n "$HAVE_TIMEOUT" ]; then timeout -k 5 "$s" "$@"; else "$@"; fi
}
newest() { # find arguments (a folder, then tests): the regular files they match, newest first
  if [ -n "$GNU_FIND" ]; then find "$@" -type f -printf '%T@\\t%p\\n' 2>/dev/null | sort -rn | cut -f 2-
  else find "$@" -type f -exec ls -t -- {} + 2>/dev/null
  fi
}
json() { # a JSON string of $1. Character by character: awks disagree on backslashes in gsub.
  # Most strings need no escaping: no process for them.
  case $1 in *[!A-Za-z0-9\\ /._:=@,+%*-]*) ;; *) printf '"%s"' "$1"; return ;; esac
  printf '%s' "$1" | tr -d '\\000-\\010\\013\\014\\016-\\037' | awk 'BEGIN { ORS = ""; print "\\"" }
    { if (NR > 1) print "\\\\n"; n = length($0); for (i = 1; i <= n; i++) { c = substr($0, i, 1)
      if (c == "\\\\") print "\\\\\\\\"; else if (c == "\\"") print "\\\\\\""; else if (c == "\\t") print "\\\\t"; else if (c == "\\r") print "\\\\r"; else print c } }
    END { print "\\"" }'
}
item() { # kind status source path(in archive, or "") bytes source-bytes reason
  line="{\\"kind\\":$(json "$1"),\\"status\\":\\"$2\\",\\"source\\":$(json "$3")"
  [ -n "$4" ] && line="$line,\\"path\\":$(json "$P$4")"
  [ -n "$5" ] && line="$line,\\"bytes\\":$5"
  [ -n "$6" ] && line="$line,\\"sourceBytes\\":$6"
  [ -n "$7" ] && line="$line,\\"reason\\":$(json "$7")"
  printf '%s}\\n' "$line" >>"$ITEMS"
}
size_of() { stat -c %s -- "$1" 2>/dev/null || wc -c <"$1" 2>/dev/null || echo 0; }
free_kb() { df -Pk "$W" 2>/dev/null | awk 'NR == 2 { print $4 }'; }
human() { awk -v b="$1" 'BEGIN { split("B KiB MiB GiB TiB", u); i = 1; while (b >= 1024 && i < 5) { b /= 1024; i++ } printf (i == 1 ? "%d %s" : "%.1f %s"), b, u[i] }'; }
room_for() { # bytes: whether the budget and the staging disk can take them; else says why in WHY
  if [ $((USED + $1)) -gt "$TOTAL_CAP" ]; then WHY="the archive's $(human "$TOTAL_CAP") budget is spent"; return 1; fi
  kb=$(free_kb)
  if [ -n "$kb" ] && [ $(($1 / 1024 + DISK_MARGIN_KB)) -gt "$kb" ]; then WHY="not enough free disk space to stage it ($(human $((kb * 1024))) free in $W)"; return 1; fi
  return 0
}

take_file() { # kind source path-in-archive cap(empty: whole or skipped)
  kind=$1 src=$2 dest=$3 cap=$4
  if [ ! -e "$src" ]; then item "$kind" missing "$src" '' '' '' 'no such file'; return; fi
  if [ ! -f "$src" ]; then item "$kind" missing "$src" '' '' '' 'not a regular file'; return; fi
  if [ ! -r "$src" ]; then item "$kind" missing "$src" '' '' '' "not readable by $(id -un)"; return; fi
  size=$(size_of "$src")
  want=$size
  if [ -n "$cap" ] && [ "$size" -gt "$cap" ]; then want=$cap; fi
  if [ -z "$cap" ] && [ "$size" -gt "$CORE_CAP" ]; then item "$kind" skipped "$src" '' '' "$size" "$(human "$size") is over the $(human "$CORE_CAP") limit for one file"; return; fi
  if ! room_for "$want"; then item "$kind" skipped "$src" '' '' "$size" "$WHY"; return; fi
  mkdir -p "$D/$P$(dirname -- "$dest")"
  if [ "$want" -lt "$size" ]; then limited "$COPY_SECONDS" tail -c "$want" -- "$src" >"$D/$P$dest" 2>/dev/null; else limited "$COPY_SECONDS" cat -- "$src" >"$D/$P$dest" 2>/dev/null; fi
  rc=$?
  got=$(size_of "$D/$P$dest")
  USED=$((USED + got))
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then item "$kind" truncated "$src" "$dest" "$got" "$size" "the copy timed out after \${COPY_SECONDS}s"
  elif [ "$rc" != 0 ]; then rm -f "$D/$P$dest"; USED=$((USED - got)); item "$kind" missing "$src" '' '' "$size" "could not be read (exit $rc)"
  elif [ "$want" -lt "$size" ]; then item "$kind" truncated "$src" "$dest" "$got" "$size" "only its last $(human "$want") (of $(human "$size"))"
  else item "$kind" found "$src" "$dest" "$got" "$size" ''
  fi
}

take_folder() { # kind folder path-in-archive: its newest files, each capped
  f_kind=$1 f_dir=$2 f_dest=$3
  if [ ! -d "$f_dir" ]; then item "$f_kind" missing "$f_dir" '' '' '' 'no such folder'; return; fi
  f_list=$W/list
  newest "$f_dir" >"$f_list"
  f_n=$(wc -l <"$f_list")
  if [ "$f_n" = 0 ]; then item "$f_kind" missing "$f_dir" '' '' '' 'the folder has no files'; return; fi
  head -n "$LOG_FILES" "$f_list" | while IFS= read -r f; do take_file "$f_kind" "$f" "$f_dest/\${f#"$f_dir"/}" "$LOG_CAP"; done
  if [ "$f_n" -gt "$LOG_FILES" ]; then item "$f_kind" skipped "$f_dir" '' '' '' "$((f_n - LOG_FILES)) older files left out (the newest $LOG_FILES are kept)"; fi
  # take_file ran in a pipeline's subshell: count what it staged.
  USED=$(du -sk "$D" 2>/dev/null | awk '{ print $1 * 1024 }')
}

take_command() { # kind path-in-archive command...: its output and errors, bounded in time and size
  kind=$1 dest=$2; shift 2
  if ! command -v "$1" >/dev/null 2>&1; then item "$kind" missing "$*" '' '' '' "$1 is not installed"; return; fi
  mkdir -p "$D/$P$(dirname -- "$dest")"
  # The command's own status, through the pipe that caps its output.
  { limited "$COMMAND_SECONDS" "$@" 2>&1; echo $? >"$W/rc"; } | head -c "$LOG_CAP" >"$D/$P$dest"
  rc=$(cat "$W/rc" 2>/dev/null || echo 141)
  got=$(size_of "$D/$P$dest")
  USED=$((USED + got))
  if [ "$rc" = 0 ]; then item "$kind" found "$*" "$dest" "$got" '' ''
  elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then item "$kind" truncated "$*" "$dest" "$got" '' "stopped after \${COMMAND_SECONDS}s"
  elif [ "$got" -ge "$LOG_CAP" ]; then item "$kind" truncated "$*" "$dest" "$got" '' "only its first $(human "$LOG_CAP")"
  else item "$kind" missing "$*" "$dest" "$got" '' "exited with status $rc: $(head -n 1 "$D/$P$dest" | head -c 200)"
  fi
}

take_cores() {
  pattern=$(cat /proc/sys/kernel/core_pattern 2>/dev/null)
  mkdir -p "$D/\${P}system"
  printf '%s\\n' "$pattern" >"$D/\${P}system/core_pattern.txt"
  item core-pattern found /proc/sys/kernel/core_pattern system/core_pattern.txt "$(size_of "$D/\${P}system/core_pattern.txt")" '' ''
  case $pattern in
  '|'*systemd-coredump*) dirs=/var/lib/systemd/coredump name='core*' ;;
  '|'*apport*) dirs=/var/crash name='*' ;;
  '|'*abrt*) dirs='/var/spool/abrt /var/tmp/abrt' name='*' ;;
  '|'*) item cores missing "$pattern" '' '' '' 'core_pattern hands cores to a program; its store is not known here'; return ;;
  /*) dirs=\${pattern%/*}; dirs=\${dirs%%%*}; name=\${pattern##*/}; name="\${name%%%*}*" ;;
  # A relative pattern: the crashing process's working folder; game servers run under /local/game.
  *) dirs=/local/game; name="\${pattern%%%*}*"; [ "$name" = '*' ] && name='core*' ;;
  esac
  list=$W/cores
  : >"$list"
  for d in $dirs; do [ -d "$d" ] && newest "$d" -maxdepth 3 -name "$name" >>"$list"; done
  if [ ! -s "$list" ]; then item cores missing "$dirs/$name" '' '' '' "no core files where core_pattern ($pattern) puts them"; return; fi
  # The newest that fit: one over the size limit does not take a place.
  taken=0
  # Newest first across the folders (each already is; several folders are rare).
  while IFS= read -r f; do
    bytes=$(size_of "$f")
    if [ "$bytes" -gt "$CORE_CAP" ]; then item cores skipped "$f" '' '' "$bytes" "$(human "$bytes") is over the $(human "$CORE_CAP") limit for one file"; continue; fi
    if [ "$taken" -ge "$CORES" ]; then item cores skipped "$f" '' '' "$bytes" "older than the newest $CORES core files kept"; continue; fi
    take_file cores "$f" "cores/\${f##*/}" ''
    taken=$((taken + 1))
  done <"$list"
}

# The compute's own files.
take_file metadata /local/gamemetadata/gamelift-metadata.json gamemetadata/gamelift-metadata.json "$LOG_CAP"
take_folder game-logs /local/game/logs game/logs
# Logs the server writes beside its build (e.g. Unreal's Saved/Logs) rather than in logs/.
newest /local/game -maxdepth 5 \\( -name '*.log' -o -name '*.log.[0-9]*' \\) ! -path '/local/game/logs/*' | head -n "$LOG_FILES" >"$W/other-logs"
while IFS= read -r f; do take_file game-logs "$f" "game/\${f#/local/game/}" "$LOG_CAP"; done <"$W/other-logs"
take_folder agent-logs /local/gameliftagent/logs gameliftagent/logs
take_cores
take_command processes system/processes.txt ps auxww
take_command disk system/disk.txt df -h
take_command memory system/memory.txt cat /proc/meminfo
if command -v dmesg >/dev/null 2>&1 && dmesg >/dev/null 2>&1; then
  take_command kernel-messages system/kernel-messages.txt sh -c 'dmesg -T 2>/dev/null | tail -n 2000 || dmesg | tail -n 2000'
elif command -v journalctl >/dev/null 2>&1; then
  take_command kernel-messages system/kernel-messages.txt journalctl -k -n 2000 --no-pager
else
  item kernel-messages missing dmesg '' '' '' "the kernel log is not readable by $(id -un)"
fi

if [ "$MODE" = host ]; then
  take_command system system/uname.txt uname -a
  take_command system system/os-release.txt cat /etc/os-release
  take_command system system/uptime.txt uptime
  take_command network system/listening.txt ss -tulpn
  # Container computes: the containers' output from the host, and the same gathering inside each.
  for c in "$@"; do
    name=\${c%%=*} id=\${c#*=}
    take_command docker-logs "containers/$name/docker-logs.txt" docker logs --tail 20000 --timestamps "$id"
    limited "$COPY_SECONDS" docker exec "$id" sh -c "$GLC_SELF" gather "$FLEET" "$COMPUTE" "$TOOL" container "containers/$name/" >"$W/container.out" 2>"$W/container.err"
    if head -n 1 "$W/container.out" | grep -q '^GAMELIFT-DIAGNOSTICS '; then
      tail -n +2 "$W/container.out" | tar -xf - -C "$W" && cat "$D/containers/$name/items.jsonl" >>"$ITEMS" && rm -f "$D/containers/$name/items.jsonl"
    else
      item container-files missing "docker exec $id" '' '' '' "the gathering inside the container failed: $(head -c 300 "$W/container.err")"
    fi
    rm -f "$W/container.out" "$W/container.err"
  done
  [ $# -gt 0 ] && take_command docker docker/ps.txt docker ps -a
fi

if [ "$MODE" = container ]; then
  cp "$ITEMS" "$D/\${P}items.jsonl"
  tar -cf "$W/out.tar" -C "$W" gamelift-diagnostics || exit 1
  out=$W/out.tar
else
  {
    printf '{"format":"gamelift-connect-diagnostics/1","tool":%s,"fleetId":%s,"computeName":%s,' "$(json "gamelift-connect $TOOL")" "$(json "$FLEET")" "$(json "$COMPUTE")"
    printf '"collectedAt":"%s","hostname":%s,"user":%s,"os":"linux",' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(json "$(uname -n)")" "$(json "$(id -un)")"
    printf '"limits":{"logFileBytes":%s,"logFiles":%s,"coreBytes":%s,"cores":%s,"totalBytes":%s},"items":[\\n' "$LOG_CAP" "$LOG_FILES" "$CORE_CAP" "$CORES" "$TOTAL_CAP"
    awk 'NR > 1 { print prev "," } { prev = $0 } END { if (NR) print prev }' "$ITEMS"
    printf ']}\\n'
  } >"$D/manifest.json"
  tar -cf - -C "$W" gamelift-diagnostics | gzip -6 >"$W/out.tar.gz" || exit 1
  out=$W/out.tar.gz
fi
sum=$(sha256sum <"$out" | cut -c 1-64)
printf 'GAMELIFT-DIAGNOSTICS %s %s\\n' "$(size_of "$out")" "$sum" >&3
cat "$out" >&3
`;
