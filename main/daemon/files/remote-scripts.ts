// The POSIX sh side of file transfers over a plain Session Manager shell (docs/file-transfer.md).
// Pure text builders: no I/O here. Everything the remote side runs uses only what Amazon Linux
// always has (sh, stty, head, base64, gzip, sha256sum, stat, dd, tr, mv, ln, mktemp).
//
// How a run starts: one short launch line is typed into the session's login shell. It turns the
// tty's echo off, prints the READY marker and replaces the login shell with `sh -c 'eval "$(head
// -c N)"'` (in a container: `sudo -n docker exec -i <id> sh -c …`, whose stdin is a pipe, not a tty).
// The client sends the script (exactly N bytes) only after READY, so no echo can mix into the
// output, and then each argument as base64 text of a length written into the script: no user path
// is ever on a command line or inside quotes, so spaces, quotes and newlines cannot matter, and no
// line exceeds the tty's 4095-byte canonical limit. Output lines that matter start with the run's
// marker (random, never on any line typed: it is built from two pieces at run time); binary data
// travels as base64 in blocks `<marker> C …` … `<marker> .`, so file content can never look like
// a marker. The remote side removes its temporary files on any exit (trap), and a dropped session
// (SIGHUP) exits through that trap: the final name only ever appears by an atomic rename.
import { randomBytes } from 'node:crypto';

/** Raw bytes per chunk, each with its own length and SHA-256 so a bad chunk is caught early. */
export const DOWNLOAD_CHUNK_BYTES = 4 * 1024 * 1024;
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;
/** Entries listDirectory returns at most. */
export const LIST_LIMIT = 5000;
/** Base64 line length sent into the tty: well under its 4095-byte canonical line limit. */
const INPUT_LINE = 3072;

export interface Marker {
  /** What output lines start with. */
  full: string;
  /** The two pieces the remote side joins: neither is the whole marker, so an echo never is. */
  head: string;
  tail: string;
}

export function newMarker(): Marker {
  const head = '::glc-';
  const tail = randomBytes(12).toString('hex');
  return { full: head + tail, head, tail };
}

/** Base64 with a newline every INPUT_LINE characters (and at the end): what is sent to the tty. */
export function inputBase64(data: Buffer): string {
  const text = data.toString('base64');
  let out = '';
  for (let i = 0; i < text.length; i += INPUT_LINE) out += `${text.slice(i, i + INPUT_LINE)}\n`;
  return out;
}

/**
 * The line typed into the login shell: echo off, READY, then the shell is replaced by one that
 * evaluates the next `scriptBytes` bytes of input (in the container `runtimeId` when given).
 * The leading space keeps it out of bash's history where HISTCONTROL ignores such lines.
 */
export function launchLine(marker: Marker, scriptBytes: number, runtimeId?: string): string {
  if (runtimeId !== undefined && !/^[A-Za-z0-9_.-]{1,128}$/.test(runtimeId)) throw new Error('unexpected container ID');
  const inner = `sh -c 'eval "$(head -c ${scriptBytes})"'`;
  // sudo -n: a host that asks for a password fails at once (its words end the session) instead of
  // reading the script as one.
  const run = runtimeId ? `sudo -n docker exec -i ${runtimeId} ${inner}` : inner;
  return ` stty -echo 2>/dev/null; printf '%s%s R\\n' '${marker.head}' '${marker.tail}'; exec ${run}\n`;
}

/** A script and the arguments it reads from its input after itself (as base64 text). */
export interface RemoteScript {
  text: string;
  input: string;
  /** The kind of the run's last frame: after it (or an `E`), the client sends the newline `hold` waits for. */
  lastFrame: string;
}

/**
 * Builds a script: the common prelude (marker, `say`, `fail`, `arg`, traps), then `body`, which
 * reads its arguments with `arg <n>` into `$_a` in order (each of `args` is sent as base64).
 */
function script(marker: Marker, args: Buffer[], lastFrame: string, body: (argLengths: number[]) => string): RemoteScript {
  const encoded = args.map(inputBase64);
  const text = [
    `m='${marker.head}''${marker.tail}'`,
    'exec 2>/dev/null',
    `say() { printf '%s %s\\n' "$m" "$*"; }`,
    // After its last frame a run does not exit by itself: it waits for the client's newline (or
    // the session's end). Exiting at once would end the session, and were the client's connection
    // being resumed just then, the agent could end it before the last frame was resent.
    `hold() { read -r _; exit 0; }`,
    // A message from the remote side (may hold a path): base64 on one line, so it cannot break a
    // frame. A failure's temporary files go before its frame, as a success's do: the client may look.
    `fail() { _m=$(printf %s "$2" | base64 | tr -d '\\n\\r'); rm -f -- "$t1" "$t2"; t1=; t2=; say E "$1" "$_m"; hold; }`,
    // Command substitution drops trailing newlines: the x keeps a name's own.
    `arg() { _a=$(head -c "$1" | base64 -d; echo x); _a=\${_a%x}; }`,
    // A remote path as SFTP takes it: "", "~", "~/x" and relative paths from the login home (a
    // Session Manager shell starts elsewhere, e.g. /usr/bin), absolute ones as they are.
    `home() { case $1 in "" | "~") _a=\${HOME:-/} ;; "~/"*) _a="\${HOME:-}/\${1#"~/"}" ;; /*) _a=$1 ;; *) _a="\${HOME:-}/$1" ;; esac; }`,
    // The temporary files of this run ($t1, $t2), removed however it ends.
    't1=; t2=',
    `trap 'rm -f -- "$t1" "$t2"' EXIT`,
    `trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 141' PIPE`,
    // Should the shell be killed outright (SIGKILL: no trap runs), a detached janitor removes the
    // temporary files once it is gone; started by \`janitor\` after they are named.
    `janitor() { ( trap '' HUP INT TERM; while kill -0 $$ 2>/dev/null; do sleep 1; done; rm -f -- "$t1" "$t2" ) </dev/null >/dev/null 2>&1 & }`,
    'for c in head base64 gzip sha256sum stat dd tr; do command -v $c >/dev/null || fail Missing "$c"; done',
    body(encoded.map((e) => Buffer.byteLength(e))),
    '',
  ].join('\n');
  return { text, input: encoded.join(''), lastFrame };
}

/**
 * Streams file `$f` (already checked) as chunks: `C <bytes> <sha256>`, gzip+base64 lines, `.`;
 * then `F <size> <sha256 of the whole file>`. Sizes are fixed by one stat at the start.
 */
const STREAM_FILE = [
  `size=$(stat -c %s -- "$f") || fail Failed 'stat failed'`,
  'say S "$size"',
  `B=65536; K=${DOWNLOAD_CHUNK_BYTES / 65536}; i=0`,
  'while [ $((i * B * K)) -lt "$size" ]; do',
  '  n=$((size - i * B * K)); [ "$n" -gt $((B * K)) ] && n=$((B * K))',
  '  s=$(dd if="$f" bs=$B skip=$((i * K)) count=$K | sha256sum) || fail Failed \'read failed\'',
  '  say C "$n" "${s%% *}"',
  '  dd if="$f" bs=$B skip=$((i * K)) count=$K | gzip -c | base64',
  '  say .',
  '  i=$((i + 1))',
  'done',
  's=$(sha256sum < "$f") || fail Failed \'read failed\'',
  'say F "$size" "${s%% *}"',
].join('\n');

/** Checks that `$f` is a regular file we may read: NotFound, IsDir, NotFile, Denied otherwise. */
const CHECK_READABLE = [
  '[ -e "$f" ] || fail NotFound ""',
  '[ -d "$f" ] && fail IsDir ""',
  '[ -f "$f" ] || fail NotFile ""',
  'e=$( { : < "$f"; } 2>&1 ) || fail Denied "$e"',
].join('\n');

/** Download `remotePath`: S, C blocks, F; or E <code> <message>. */
export function downloadScript(marker: Marker, remotePath: string): RemoteScript {
  return script(marker, [Buffer.from(remotePath)], 'F', ([p]) => [`arg ${p}; home "$_a"; f=$_a`, CHECK_READABLE, STREAM_FILE, 'hold'].join('\n'));
}

/**
 * Runs `userScript` with sh, its stdout into a private temporary file, then streams that file as a
 * download does (S, C blocks, F), then `X <exit status> <base64 of stderr's last 4 KiB>`.
 */
export function runScript(marker: Marker, userScript: string): RemoteScript {
  return script(marker, [Buffer.from(userScript)], 'X', ([p]) =>
    [
      `arg ${p}; u=$_a`,
      'f=$(mktemp) || fail Failed "mktemp failed"; t1=$f',
      'e=$(mktemp) || fail Failed "mktemp failed"; t2=$e; janitor',
      '(eval "$u") < /dev/null > "$f" 2> "$e"; rc=$?',
      STREAM_FILE,
      `x=$(tail -c 4096 "$e" | base64 | tr -d '\\n\\r')`,
      // Its temporary files go before the last frame: the client may look for them once it has it.
      'rm -f -- "$t1" "$t2"; t1=; t2=',
      'say X "$rc" "$x"',
      'hold',
    ].join('\n'),
  );
}

/**
 * Upload to `remotePath` (`/`-ended or a folder: `localName` inside it). Answers `G <final path
 * as base64>` when it may start, then reads `C <bytes> <encoded length> <sha256>` + gzip+base64
 * lines per chunk (answering `A <bytes so far>`), and `F <size> <sha256>`: renames the temporary
 * file to the final name and answers `D <size> <sha256>`. Without `overwrite`, an existing name is
 * never replaced (ln fails on it).
 */
export function uploadScript(marker: Marker, remotePath: string, localName: string, overwrite: boolean, mode: number): RemoteScript {
  const suffix = `.part-${randomBytes(6).toString('hex')}`;
  return script(marker, [Buffer.from(remotePath), Buffer.from(localName)], 'D', ([p, l]) =>
    [
      `arg ${p}; home "$_a"; d=$_a; arg ${l}; l=$_a`,
      'case $d in */) d="$d$l" ;; *) [ -d "$d" ] && d="$d/$l" ;; esac',
      '[ -d "$d" ] && fail IsDir ""',
      overwrite ? ':' : '{ [ -e "$d" ] || [ -L "$d" ]; } && fail Exists ""',
      'case $d in */*) dir=${d%/*}; dir=${dir:-/} ;; *) dir=. ;; esac',
      '[ -e "$dir" ] || fail DirNotFound ""',
      '[ -d "$dir" ] || fail DirNotDir ""',
      `t="$d${suffix}"; c="$t.chunk"; t1=$t; t2=$c; janitor`,
      'e=$( { umask 077; : > "$t"; } 2>&1 ) || fail Denied "$e"',
      `say G "$(printf %s "$d" | base64 | tr -d '\\n\\r')"`,
      'got=0',
      'while read -r k n x s; do',
      '  case $k in',
      '  C)',
      '    e=$( { head -c "$x" | base64 -d | gzip -dc > "$c"; } 2>&1 ) || fail Write "$e"',
      '    h=$(sha256sum < "$c"); [ "${h%% *}" = "$s" ] || fail Corrupt ""',
      '    e=$(cat -- "$c" 2>&1 >> "$t") || fail Write "$e"',
      '    got=$((got + n)); say A "$got"',
      '    ;;',
      '  F)',
      '    [ "$(stat -c %s -- "$t")" = "$n" ] || fail Corrupt ""',
      '    h=$(sha256sum < "$t"); [ "${h%% *}" = "$x" ] || fail Corrupt ""',
      `    chmod ${(mode & 0o777).toString(8)} -- "$t"`,
      overwrite
        ? '    e=$(mv -f -- "$t" "$d" 2>&1) || fail Write "$e"'
        : '    e=$(ln -- "$t" "$d" 2>&1) || { [ -e "$d" ] && fail Exists ""; fail Write "$e"; }',
      // The temporary names go before the last frame: the client may look for them once it has it.
      '    rm -f -- "$t" "$c"; t1=; t2=',
      '    say D "$n" "$x"; hold',
      '    ;;',
      '  *) fail Protocol "" ;;',
      '  esac',
      'done',
      'fail Protocol "input ended"',
    ].join('\n'),
  );
}

/**
 * Lists folder `path` ("" or "~": the home; "~/x" and relative paths under it): `P` block (the resolved path, base64),
 * `N` block (names, NUL-separated, base64), `M` block (one `size mtime rawmode-hex` line per name,
 * in the same order, from one `stat` call), then `L <count> <truncated 0|1>`.
 */
export function listScript(marker: Marker, path: string): RemoteScript {
  return script(marker, [Buffer.from(path)], 'L', ([p]) =>
    [
      `arg ${p}; home "$_a"; p=$_a`,
      '[ -e "$p" ] || fail NotFound ""',
      '[ -d "$p" ] || fail NotDir ""',
      'e=$( { cd -P -- "$p" && ls . >/dev/null; } 2>&1 ) || fail Denied "$e"',
      'cd -P -- "$p" || fail Denied ""',
      `say P; printf %s "$PWD" | base64; say .`,
      'n=0; more=0; set --',
      'for e in .* *; do',
      '  case $e in . | ..) continue ;; esac',
      '  { [ -e "$e" ] || [ -L "$e" ]; } || continue',
      `  [ "$n" -ge ${LIST_LIMIT} ] && { more=1; break; }`,
      '  set -- "$@" "$e"; n=$((n + 1))',
      'done',
      'say N; [ "$n" -gt 0 ] && printf \'%s\\0\' "$@" | base64; say .',
      'say M; [ "$n" -gt 0 ] && stat -c \'%s %Y %f\' -- "$@"; say .',
      'say L "$n" "$more"',
      'hold',
    ].join('\n'),
  );
}
