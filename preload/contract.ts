// The one API contract between the UI (renderer, tray) and the connection daemon.
// Every method the UI may call and every event the daemon may send is named here with a runtime
// schema. Both transports serve exactly this map: Electron IPC through the preload bridge, and the
// daemon's local WebSocket API (CLI and web mode). Each side validates what it receives.
// This file may import only the schema library: it runs in the renderer, the preload and Node.
import { z } from 'zod';

// ---- identifiers, checked against the same patterns AWS uses (botocore GameLift model) ----

export const FleetId = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[a-z]*fleet-[a-zA-Z0-9-]+$|^arn:.*:[a-z]*fleet\/[a-z]*fleet-[a-zA-Z0-9-]+$/, 'not a fleet ID or ARN (expected fleet-… or containerfleet-…)');
export const ComputeName = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^([a-zA-Z0-9-]+(\/[a-zA-Z0-9-]+)?|arn:.*:compute\/[a-zA-Z0-9-]+(\/[a-zA-Z0-9-]+)?)$/, 'not a compute name or instance ID');
export const Region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'not an AWS Region name');
/** A GameLift location: a Region or a Local Zone / custom location name. */
export const Location = z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/, 'not a location name');
export const SessionId = z.string().regex(/^gc-[a-zA-Z0-9-]{1,64}$/, 'not a session ID');
export const Port = z.number().int().min(1).max(65535);
export const RemoteHost = z.string().min(1).max(253).regex(/^[A-Za-z0-9.-]+$/, 'not a host name or IPv4 address');

// ---- what the daemon knows ----

export const OsFamily = z.enum(['linux', 'windows', 'unknown']);
export const FleetKind = z.enum(['ec2', 'container', 'anywhere']);
/** How a fleet's computes are reached (architecture.md, access routing). */
export const AccessRoute = z.enum(['compute-access', 'instance-access', 'none']);

export const Fleet = z.object({
  fleetId: z.string(),
  fleetArn: z.string().optional(),
  name: z.string(),
  kind: FleetKind,
  status: z.string(),
  os: OsFamily,
  operatingSystem: z.string().optional(),
  /** Server SDK major version from the build (EC2) or container definition; null when unknown. */
  sdkMajor: z.number().int().nullable(),
  access: AccessRoute,
  /** Why access is 'none', in words a user can act on. */
  accessNote: z.string().optional(),
  homeRegion: Region,
  locations: z.array(Location),
  instanceType: z.string().optional(),
});
export type Fleet = z.infer<typeof Fleet>;

export const Container = z.object({ containerName: z.string(), containerRuntimeId: z.string().optional() });

/** A compute (SDK 5, containers) or an instance (SDK 4): something one can connect to. */
export const Target = z.object({
  fleetId: z.string(),
  computeName: z.string(),
  instanceId: z.string().optional(),
  location: z.string(),
  status: z.string(),
  os: OsFamily,
  operatingSystem: z.string().optional(),
  instanceType: z.string().optional(),
  ipAddress: z.string().optional(),
  dnsName: z.string().optional(),
  containers: z.array(Container).optional(),
  createdAt: z.number().optional(),
});
export type Target = z.infer<typeof Target>;

/** 'transfer': a short-lived SFTP connection (SDK 4 Linux) or SSM shell (SDK 5 Linux, containers) for one downloadFile/uploadFile/listDirectory. */
export const SessionKind = z.enum(['shell', 'forward', 'rdp', 'transfer']);
export const Transport = z.enum(['ssm', 'ssh', 'direct']);
export const SessionState = z.enum(['starting', 'active', 'renewing', 'reconnecting', 'ended']);
export type SessionState = z.infer<typeof SessionState>;

/** A redirected folder's name on Windows (\\tsclient\<name>): safe on every client's command line and in an .rdp file. */
export const ShareName = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a share name is 1 to 32 letters, digits, "_" or "-"');

/** For container computes: the instance ('host') or the game server container ('container'). */
export const ShellIn = z.enum(['host', 'container']);

export const Session = z.object({
  id: SessionId,
  kind: SessionKind,
  transport: Transport,
  state: SessionState,
  target: z.object({
    fleetId: z.string(),
    computeName: z.string(),
    location: z.string(),
    os: OsFamily,
    /** For container computes: 'host' for the instance shell, 'container' for the game server. */
    shellIn: ShellIn.optional(),
  }),
  /** The local listener of a forward or RDP session. */
  localPort: z.number().int().optional(),
  remotePort: z.number().int().optional(),
  remoteHost: z.string().optional(),
  startedAt: z.number(),
  /** When the access credentials are taken to expire (the APIs return none: a configured lifetime). */
  expiresAt: z.number().optional(),
  /** When the daemon will renew, ahead of expiresAt. */
  renewsAt: z.number().optional(),
  idleTimeoutMinutes: z.number().optional(),
  bytesIn: z.number(),
  bytesOut: z.number(),
  /** Live TCP connections through a forward. */
  connections: z.number().optional(),
  /**
   * A forward: the last connection the remote side refused (nothing listens on the remote port, or
   * the remote host is unreachable), how many so far, and when. The forward itself goes on.
   */
  refused: z.object({ count: z.number().int().min(1), lastAt: z.number(), reason: z.string() }).optional(),
  /** RDP: the Windows user to sign in as, when GameLift issued one (SDK 4 direct: GetInstanceAccess's UserName). */
  userName: z.string().optional(),
  /**
   * RDP: the local folder redirected into the Windows session (openRdp's shareFolder). `name` is the
   * redirected drive's name; `remotePath` is where the folder appears on Windows (\\tsclient\<name>,
   * or below the shared drive where the client can only share whole drives: mstsc). `note` says
   * what else the client shares, when it shares more than the folder.
   */
  sharedFolder: z.object({ localPath: z.string(), name: z.string(), remotePath: z.string(), note: z.string().optional() }).optional(),
  /** SSH host key fingerprint (SHA256:…), shown to the user. */
  hostKeyFingerprint: z.string().optional(),
  /** Exit status, only where the remote side reports one (SSH, or SSM EXIT_CODE). */
  exitCode: z.number().int().optional(),
  endedAt: z.number().optional(),
  endReason: z.string().optional(),
  /**
   * Who ended it: 'user' (endSession, the daemon stopping, an RDP client the user closed),
   * 'remote' (the shell exited, the service closed it: idle timeout, terminated elsewhere) or
   * 'failure' (it could not start, or its connection failed).
   */
  endedBy: z.enum(['user', 'remote', 'failure']).optional(),
});
export type Session = z.infer<typeof Session>;

// ---- game sessions, fleet events and finding the right compute (issue #11) ----

/** A game session ID as AWS takes it: the full ARN (arn:aws:gamelift:<home>::gamesession/<fleet>/[<location>/]<id>). */
export const GameSessionId = z.string().min(1).max(512).regex(/^[a-zA-Z0-9:/-]+$/, 'not a game session ID (arn:aws:gamelift:…::gamesession/…)');
export const GameSessionStatus = z.enum(['ACTIVE', 'ACTIVATING', 'TERMINATED', 'TERMINATING', 'ERROR']);

export const GameSession = z.object({
  /** The full ARN, which is what AWS calls the GameSessionId. */
  gameSessionId: z.string(),
  name: z.string().optional(),
  fleetId: z.string(),
  location: z.string(),
  /** The compute (EC2 SDK 5: the instance ID; containers; Anywhere) or, on older fleets, the instance matched by IP. */
  computeName: z.string().optional(),
  status: z.string(),
  /** INTERRUPTED, TRIGGERED_ON_PROCESS_TERMINATE, FORCE_TERMINATED. */
  statusReason: z.string().optional(),
  ipAddress: z.string().optional(),
  dnsName: z.string().optional(),
  port: z.number().int().optional(),
  currentPlayers: z.number().int(),
  maxPlayers: z.number().int(),
  createdAt: z.number().optional(),
  terminatedAt: z.number().optional(),
});
export type GameSession = z.infer<typeof GameSession>;

/** What a UI needs to open a shell, RDP, or a forward to a game session's port in one action. */
export const ConnectHint = z.object({
  fleetId: z.string(),
  computeName: z.string(),
  os: OsFamily,
  access: AccessRoute,
  /** The game session's port on the compute, for openForward. */
  port: z.number().int().optional(),
});

/** 'game-session-name' (SearchGameSessions: ACTIVE game sessions by name, in every fleet location) is only searched when asked for. */
export const FindKind = z.enum(['game-session', 'player-session', 'player', 'address', 'fleet', 'compute', 'game-session-name']);
export type FindKind = z.infer<typeof FindKind>;

export const FindMatch = z.object({
  /** What the text matched: a game session's ID, a player session, a player, an address, a fleet or a compute. */
  matchedAs: FindKind,
  fleetId: z.string(),
  fleetName: z.string().optional(),
  location: z.string().optional(),
  computeName: z.string().optional(),
  status: z.string().optional(),
  ipAddress: z.string().optional(),
  dnsName: z.string().optional(),
  port: z.number().int().optional(),
  gameSession: GameSession.optional(),
  playerSession: z.object({ playerSessionId: z.string(), playerId: z.string().optional(), status: z.string().optional() }).optional(),
  /** Present when the match is on a compute one can connect to (not for a fleet alone). */
  connect: ConnectHint.optional(),
});
export type FindMatch = z.infer<typeof FindMatch>;

export const FleetEvent = z.object({
  eventId: z.string(),
  fleetId: z.string(),
  resourceId: z.string().optional(),
  /** The model's EventCode, e.g. SERVER_PROCESS_CRASHED. */
  code: z.string(),
  message: z.string(),
  time: z.number(),
  count: z.number().int().optional(),
  /** 'error' for crashes and failures, 'warning' for timeouts, interruptions and replacements, else 'info'. */
  severity: z.enum(['error', 'warning', 'info']),
  /** Whether the event has a log (PreSignedLogUrl); fetch it with downloadFleetEventLog. The URL itself never leaves the daemon. */
  hasLog: z.boolean(),
  /** The compute or instance the message names, when it names one. */
  computeName: z.string().optional(),
});
export type FleetEvent = z.infer<typeof FleetEvent>;

/** A target the user opened lately (listRecentTargets): what reopens it, never a secret or an address. */
export const RecentTarget = z.object({
  fleetId: z.string(),
  computeName: z.string(),
  location: z.string(),
  /** What reopens: a transfer session is not a target to reopen. */
  kind: z.enum(['shell', 'forward', 'rdp']),
  /** A forward's remote port (reopening it needs one). */
  remotePort: z.number().int().optional(),
  /** A container shell's side. */
  shellIn: ShellIn.optional(),
  openedAt: z.number(),
});
export type RecentTarget = z.infer<typeof RecentTarget>;

export const DownloadedLog = z.object({ path: z.string(), bytes: z.number().int(), contentType: z.string().optional() });

export const FollowedFleet = z.object({
  fleetId: z.string(),
  region: z.string(),
  profile: z.string().nullable(),
  /** Polled now: it belongs to the current profile and Region. */
  watching: z.boolean(),
  lastPolledAt: z.number().optional(),
  lastError: z.string().optional(),
});
export type FollowedFleet = z.infer<typeof FollowedFleet>;

// ---- IAM Identity Center (SSO) sign-in (issue #13) ----

/** An sso-session name or a profile name as the AWS config file spells them. */
export const ConfigName = z.string().min(1).max(128).regex(/^[\w.@+-]+$/, 'not a profile or sso-session name');
export const AccountId = z.string().regex(/^\d{12}$/, 'not a 12-digit AWS account ID');
export const RoleName = z.string().min(1).max(64).regex(/^[\w+=,.@-]+$/, 'not an IAM role name');

/**
 * Which sign-in a call needs: an [sso-session] (by name) or a legacy profile's own sso_start_url
 * (`ssoSession` null). `profiles`: the profiles that sign in through it. `accountId`/`roleName`:
 * the account and role a waiting call asked for, when one did.
 */
export const SignInRef = z.object({
  ssoSession: z.string().nullable(),
  startUrl: z.string(),
  ssoRegion: z.string(),
  profiles: z.array(z.string()),
  accountId: z.string().optional(),
  roleName: z.string().optional(),
});
export type SignInRef = z.infer<typeof SignInRef>;

/** One sign-in's state: 'signed-in' until `expiresAt` (an access token is cached), else 'needs-sign-in'; 'signing-in' while a flow runs. */
export const SignInStatus = SignInRef.omit({ accountId: true, roleName: true }).extend({
  state: z.enum(['signed-in', 'needs-sign-in', 'signing-in']),
  /** When the cached access token expires (epoch ms). */
  expiresAt: z.number().optional(),
  /** A refresh token is cached: the daemon renews the access token without a browser. */
  refreshable: z.boolean(),
  /** Calls (discovery, access, renewals) waiting for this sign-in now. */
  waiting: z.number().int().min(0),
  /** The flow under way, when state is 'signing-in'. */
  signInId: z.string().optional(),
});
export type SignInStatus = z.infer<typeof SignInStatus>;

/** What the user needs to finish a sign-in in a browser; never a token or a code verifier. */
export const SignInStart = z.object({
  signInId: z.string(),
  flow: z.enum(['authorization-code', 'device-code']),
  ref: SignInRef,
  /** authorization-code: the URL the browser was sent to (open it by hand if it did not open). */
  authorizationUrl: z.string().optional(),
  /** device-code: where to go and the code to check there (not a secret: it is shown to the user). */
  verificationUri: z.string().optional(),
  verificationUriComplete: z.string().optional(),
  userCode: z.string().optional(),
  /** Whether the daemon opened the browser (false with openBrowser: false, or no opener). */
  browserOpened: z.boolean(),
  /** When the flow gives up (epoch ms). */
  expiresAt: z.number(),
});
export type SignInStart = z.infer<typeof SignInStart>;

/** Picks a sign-in: a profile (its sso-session or start URL), an sso-session by name, or neither (the current profile). */
const SignInPick = z.object({ profile: ConfigName.optional(), ssoSession: ConfigName.optional() });

// ---- errors: one shape, codes a UI can branch on, messages a user can act on ----

export const ErrorCode = z.enum([
  'InvalidInput',
  'NotFound',
  'AccessDenied',
  'NoCredentials',
  'Throttled',
  'NoRemoteAccess',
  'FleetNotReady',
  'PortInUse',
  /** The fleet's inbound rules don't admit this machine on the port a direct session needs (SDK 4). */
  'PortClosed',
  'CredentialsExpired',
  'Unreachable',
  'Unsupported',
  'Internal',
  /** An IAM Identity Center (SSO) sign-in is needed: ApiError.signIn says which (startSignIn with it). */
  'SignInNeeded',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;
export const ApiError = z.object({ code: ErrorCode, message: z.string(), hint: z.string().optional(), signIn: SignInRef.optional() });
export type ApiError = z.infer<typeof ApiError>;

// ---- files (issue #12): pieces the transfer methods share ----

/** An ID the caller picks: a transfer's (in transferProgress and cancelTransfer), a staged upload's. */
const CallerId = z.string().regex(/^[\w-]{1,64}$/);
/** A path on either side of a copy. */
const FilePath = z.string().min(1).max(4096);
/** Which compute a copy reaches, and how. */
const TransferTarget = z.object({
  fleetId: FleetId,
  computeName: ComputeName,
  /** Container fleets: inside the game server container (default) or on the host. */
  shellIn: ShellIn.optional(),
  /** SDK 4: may the daemon open the SSH port for this machine's address alone while the copy lasts? */
  openInboundPort: z.boolean().optional(),
  transferId: CallerId.optional(),
});
/** A file copied in place: where, how many bytes, its SHA-256 (checked against the other side's). */
const CopiedFile = z.object({ transferId: z.string(), path: z.string(), bytes: z.number().int().min(0), sha256: z.string() });

// ---- methods ----

const Empty = z.object({}).strict();
const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const methods = {
  getStatus: method(
    Empty,
    z.object({
      version: z.string(),
      sandbox: z.boolean(),
      profile: z.string().nullable(),
      region: z.string().nullable(),
      /** The daemon's log file (main/daemon/log/); null when it writes none. */
      logFile: z.string().nullable().optional(),
      /** The account and role of an sso-session in use (useSsoRole) instead of a profile. */
      ssoRole: z.object({ ssoSession: z.string(), accountId: z.string(), roleName: z.string() }).optional(),
    }),
  ),
  listProfiles: method(
    Empty,
    z.object({ profiles: z.array(z.object({ name: z.string(), region: z.string().optional(), sso: z.boolean() })) }),
  ),
  setIdentity: method(
    z.object({ profile: z.string().min(1).max(128).regex(/^[\w.@+-]+$/).nullable(), region: Region }).strict(),
    z.object({ profile: z.string().nullable(), region: z.string() }),
  ),
  listFleets: method(z.object({ refresh: z.boolean().optional() }).strict(), z.object({ fleets: z.array(Fleet) })),
  listTargets: method(
    z.object({ fleetId: FleetId, location: Location.optional(), refresh: z.boolean().optional() }).strict(),
    z.object({ targets: z.array(Target) }),
  ),
  openShell: method(
    z
      .object({
        fleetId: FleetId,
        computeName: ComputeName,
        shellIn: ShellIn.optional(),
        /** SDK 4: may the daemon open the SSH port for this machine's address alone (/32) while the session lasts? */
        openInboundPort: z.boolean().optional(),
        /** The terminal's size at the start, so the first prompt is drawn to fit (later: resizeTerminal). Default 120×32. */
        cols: z.number().int().min(1).max(1000).optional(),
        rows: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    Session,
  ),
  /**
   * Copies one file from an instance to this machine (server SDK 4 Linux over SFTP; SDK 5 Linux
   * and container computes over a Session Manager shell of their own; Windows: Unsupported). Written to `<localPath>.part-<random>` (0600) and renamed only once its size and,
   * where the instance has sha256sum, its SHA-256 match the remote file's. `localPath` may name a
   * directory (the remote file's name is kept); an existing file is refused unless `overwrite`.
   * `transferId` (optional, the caller's) names the transfer in transferProgress and cancelTransfer.
   */
  downloadFile: method(TransferTarget.extend({ remotePath: FilePath, localPath: FilePath, overwrite: z.boolean().optional() }).strict(), CopiedFile),
  /**
   * Copies one local file to an instance (as downloadFile): written to a remote temporary name
   * beside `remotePath` and renamed once the remote size and SHA-256 match. `remotePath` ending
   * in "/" keeps the local file's name. An existing remote file is refused unless `overwrite`.
   */
  uploadFile: method(TransferTarget.extend({ localPath: FilePath, remotePath: FilePath, overwrite: z.boolean().optional() }).strict(), CopiedFile),
  /**
   * Lists one directory on an instance or compute (SDK 4 Linux over SFTP; SDK 5 Linux and
   * containers over a Session Manager shell of its own). `path` "~" or "" is the login user's home;
   * the answer's `path` is absolute and resolved. At most 5000 entries (`truncated` says more exist),
   * sorted by name. `shellIn` (container fleets): list inside the game server container (default)
   * or on the host.
   */
  listDirectory: method(
    TransferTarget.omit({ transferId: true }).extend({ path: z.string().max(4096) }).strict(),
    z.object({
      path: z.string(),
      entries: z.array(
        z.object({
          name: z.string(),
          type: z.enum(['file', 'directory', 'symlink', 'other']),
          size: z.number().int().min(0),
          /** ms since the epoch */
          modifiedAt: z.number(),
        }),
      ),
      truncated: z.boolean(),
    }),
  ),
  /** Stops a running transfer: nothing is left under the final name, temporary files are removed. */
  cancelTransfer: method(z.object({ transferId: CallerId }).strict(), z.object({ cancelled: z.boolean() })),
  /**
   * Gathers what GameLift operators look for on one compute (game server logs under /local/game,
   * the GameLift metadata file, recent core files, the GameLift agent's logs, `docker logs` of a
   * container, processes, disk, memory, kernel messages) into one local .tar.gz with a manifest
   * (`manifest.json` inside: each item found, missing or skipped, and why). Written to
   * `<outDir>/gamelift-diagnostics-<fleet>-<compute>-<UTC time>.tar.gz` through a `.part-<random>`
   * name, renamed once the archive lists and its SHA-256 matches the one the compute computed.
   * `outDir` defaults to the user's Downloads folder (the CLI passes its working directory).
   * Progress as transferProgress (`total` 0: unknown); cancelTransfer stops it and keeps nothing.
   */
  collectDiagnostics: method(
    /** `shellIn` (container fleets): also gather inside the game server container (default), or the host only. */
    TransferTarget.extend({ outDir: FilePath.optional() }).strict(),
    CopiedFile.extend({
      /** Items of the manifest found (gathered, whole or cut to a limit) and missing (absent or unreadable). */
      found: z.number().int().min(0),
      missing: z.number().int().min(0),
      /** Items left out on purpose (over a size limit, older than the newest few, no room): the manifest says why. */
      skipped: z.number().int().min(0),
    }),
  ),
  /**
   * The window's download (the CLI names its own path with downloadFile): as downloadFile, into the
   * daemon's downloads folder (GAMELIFT_CONNECT_DOWNLOADS_DIR, else ~/Downloads), so the window
   * never chooses a local path. The path written may then be shown with revealDownload.
   */
  downloadToFolder: method(TransferTarget.extend({ remotePath: FilePath, overwrite: z.boolean().optional() }).strict(), CopiedFile),
  /**
   * Opens the folder holding a file this daemon wrote since it started (downloadToFolder,
   * downloadFile, collectDiagnostics) in the OS file manager. Any other path: NotFound (the window
   * cannot have an arbitrary path opened).
   */
  revealDownload: method(z.object({ path: z.string().min(1).max(4096) }).strict(), z.object({ opened: z.boolean() })),
  /**
   * A browser's drag-and-drop upload (web mode: a page gets a dropped file's bytes, never its path):
   * the bytes in order (`offset` = bytes staged so far; 0 starts afresh), at most 512 KiB per call,
   * into a private staging file of the daemon's, at most 256 MiB in all; then uploadStaged. A
   * staging file untouched for 10 minutes is removed.
   */
  stageUpload: method(
    z
      .object({
        stagingId: CallerId,
        /** The dropped file's name (kept by a remotePath ending in "/"): no "/", "\\", NUL, "." or "..". */
        name: z.string().min(1).max(255).regex(/^(?!\.{1,2}$)[^/\\\0]+$/, 'not a plain file name'),
        offset: z.number().int().min(0),
        /** base64; at most 512 KiB of bytes */
        data: z.string().max(700_000),
      })
      .strict(),
    z.object({ bytes: z.number().int().min(0) }),
  ),
  /** Uploads a staged file (stageUpload) as uploadFile does, then removes it, whatever the outcome. */
  uploadStaged: method(
    TransferTarget.extend({ stagingId: CallerId, remotePath: FilePath, overwrite: z.boolean().optional() }).strict(),
    CopiedFile,
  ),
  openForward: method(
    z.object({ fleetId: FleetId, computeName: ComputeName, remotePort: Port, localPort: Port.optional(), remoteHost: RemoteHost.optional() }).strict(),
    Session,
  ),
  openRdp: method(
    z
      .object({
        fleetId: FleetId,
        computeName: ComputeName,
        launchClient: z.boolean().optional(),
        /** SDK 4: may the daemon open the RDP port for this machine's address alone (/32) while the session lasts? */
        openInboundPort: z.boolean().optional(),
        /** An absolute local folder to redirect into the Windows session (needs the client launched); it must exist and be readable. */
        shareFolder: z.string().min(1).max(4096).optional(),
        /** The name it gets on Windows (\\tsclient\<name>); default: from the folder's name. */
        shareName: ShareName.optional(),
      })
      .strict(),
    Session,
  ),
  listSessions: method(Empty, z.object({ sessions: z.array(Session) })),
  renewSession: method(z.object({ sessionId: SessionId }).strict(), Session),
  endSession: method(z.object({ sessionId: SessionId }).strict(), z.object({ ended: z.boolean() })),
  /** Terminal input: base64 bytes, at most 64 KiB decoded per call. */
  writeTerminal: method(
    z.object({ sessionId: SessionId, data: z.string().max(87_384).base64() }).strict(),
    z.object({ accepted: z.boolean() }),
  ),
  resizeTerminal: method(
    z.object({ sessionId: SessionId, cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(1000) }).strict(),
    z.object({ ok: z.boolean() }),
  ),
  /**
   * Flow control: view `viewerId` (any ID the view picks, the same for its life) has processed the
   * session's terminal output up to stream offset `upTo` (a terminalData event's `offset`). While
   * the slowest view that acknowledges is more than 1 MiB behind, the daemon stops reading the
   * shell (the remote side waits). A view that acknowledges nothing for 5 s no longer holds it
   * back: one that is alive but behind repeats its last acknowledgement about every second.
   */
  ackTerminal: method(
    z.object({ sessionId: SessionId, viewerId: z.string().min(1).max(64), upTo: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict(),
    z.object({ ok: z.boolean() }),
  ),
  /**
   * The terminal's recent output (base64), so a view opened late starts with what was already
   * shown, and the stream offset it ends at: terminalData events with an offset up to it are in it.
   */
  readTerminalBacklog: method(z.object({ sessionId: SessionId }).strict(), z.object({ data: z.string(), offset: z.number().int().min(0) })),
  openExternal: method(z.object({ url: z.string().url().max(2048) }).strict(), z.object({ opened: z.boolean() })),
  /**
   * From a player's report or a crash to the right compute: a game session ID/ARN, a player session
   * ID, a player ID, an IP address or DNS name, a fleet or compute name/ID. The kind is recognised
   * from the text's shape (or given); `partial` says some fleets or locations were not searched.
   */
  find: method(
    z.object({ text: z.string().trim().min(1).max(1024), kind: FindKind.optional() }).strict(),
    z.object({ text: z.string(), searchedAs: z.array(FindKind), matches: z.array(FindMatch), partial: z.boolean(), notes: z.array(z.string()) }),
  ),
  /** A fleet's game sessions, newest first: on one compute, in one location, or all. `truncated`: more than `limit` existed. */
  listGameSessions: method(
    z
      .object({
        fleetId: FleetId,
        computeName: ComputeName.optional(),
        location: Location.optional(),
        status: GameSessionStatus.optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    z.object({ gameSessions: z.array(GameSession), truncated: z.boolean() }),
  ),
  /** TerminateGameSession (server SDK 5): 'graceful' = TRIGGER_ON_PROCESS_TERMINATE, 'force' = FORCE_TERMINATE. */
  terminateGameSession: method(z.object({ gameSessionId: GameSessionId, mode: z.enum(['graceful', 'force']) }).strict(), GameSession),
  /** GetGameSessionLogUrl, downloaded by the daemon: under the data dir, or to `path` (absolute; a directory gets the default name). */
  getGameSessionLog: method(z.object({ gameSessionId: GameSessionId, path: z.string().min(1).max(4096).optional() }).strict(), DownloadedLog),
  /** DescribeFleetEvents, newest first, one page at a time; `since`/`until` in epoch ms. */
  listFleetEvents: method(
    z
      .object({
        fleetId: FleetId,
        since: z.number().int().nonnegative().optional(),
        until: z.number().int().nonnegative().optional(),
        limit: z.number().int().min(1).max(100).optional(),
        nextToken: z.string().min(1).max(1024).optional(),
      })
      .strict(),
    z.object({ events: z.array(FleetEvent), nextToken: z.string().optional() }),
  ),
  /** Saves a fleet event's log (PreSignedLogUrl) under the data dir, or to `path`; returns where. */
  downloadFleetEventLog: method(
    z.object({ fleetId: FleetId, eventId: z.string().min(1).max(1024), path: z.string().min(1).max(4096).optional() }).strict(),
    DownloadedLog,
  ),
  /** Why a fleet is not ACTIVE (or what went wrong lately): its status, the latest failure and its latest events. */
  fleetHealth: method(
    z.object({ fleetId: FleetId }).strict(),
    z.object({
      fleetId: z.string(),
      name: z.string(),
      status: z.string(),
      healthy: z.boolean(),
      /** One line a UI can show instead of "no computes yet". */
      summary: z.string(),
      /** The latest failure or warning event that explains the status, if any. */
      reason: FleetEvent.optional(),
      events: z.array(FleetEvent),
    }),
  ),
  /** Fleets whose events the daemon watches (persisted), and the poll interval. */
  listFollowedFleets: method(Empty, z.object({ fleets: z.array(FollowedFleet), pollIntervalMs: z.number() })),
  /** Watch a fleet's events: crashes and failures become `notification` events. */
  followFleet: method(z.object({ fleetId: FleetId }).strict(), z.object({ fleets: z.array(FollowedFleet), pollIntervalMs: z.number() })),
  unfollowFleet: method(z.object({ fleetId: FleetId }).strict(), z.object({ fleets: z.array(FollowedFleet), pollIntervalMs: z.number() })),
  /**
   * SDK 4 direct RDP only: the daemon puts the session's Windows password on the OS clipboard
   * itself (it never crosses the contract) and clears it after `clearsInSeconds` if the clipboard
   * still holds it. Other sessions: Unsupported; no clipboard tool: Unsupported with a hint.
   */
  copyRdpPassword: method(z.object({ sessionId: SessionId }).strict(), z.object({ copied: z.literal(true), clearsInSeconds: z.number().int().optional() })),
  /** Launches the platform RDP client again for a live RDP session, with the same login; it becomes the session's client. */
  relaunchRdpClient: method(z.object({ sessionId: SessionId }).strict(), Session),
  /** The targets opened lately, newest first (at most 10; kept in the data dir). */
  listRecentTargets: method(Empty, z.object({ targets: z.array(RecentTarget) })),
  /** Every IAM Identity Center sign-in the AWS config names (sso-sessions and legacy SSO profiles), and its state. */
  ssoStatus: method(Empty, z.object({ signIns: z.array(SignInStatus) })),
  /**
   * Starts a sign-in for a profile or sso-session (default: the current profile): the
   * authorization-code flow with PKCE through a loopback redirect, or with `useDeviceCode` the
   * device-code flow. The daemon opens the user's browser (unless `openBrowser: false`) and
   * answers once the URL (and device code) is known; the outcome is the `signInProgress` and
   * `signedIn` events, or awaitSignIn. One flow per sign-in at a time: a second call gets the one
   * under way. Tokens go to the AWS CLI's cache (~/.aws/sso/cache), never over the contract.
   */
  startSignIn: method(
    SignInPick.extend({ useDeviceCode: z.boolean().optional(), openBrowser: z.boolean().optional() }).strict(),
    SignInStart,
  ),
  /** Waits until the sign-in `signInId` ends: resolves once signed in; rejects as it failed (expired, denied, cancelled). */
  awaitSignIn: method(z.object({ signInId: z.string().min(1).max(64) }).strict(), z.object({ ref: SignInRef, expiresAt: z.number() })),
  cancelSignIn: method(z.object({ signInId: z.string().min(1).max(64) }).strict(), z.object({ cancelled: z.boolean() })),
  /** ListAccounts of a signed-in sso-session (or a profile's). */
  listSsoAccounts: method(
    SignInPick.strict(),
    z.object({ accounts: z.array(z.object({ accountId: z.string(), accountName: z.string().optional(), emailAddress: z.string().optional() })) }),
  ),
  /** ListAccountRoles: the roles the signed-in user may take in one account. */
  listSsoAccountRoles: method(SignInPick.extend({ accountId: AccountId }).strict(), z.object({ roles: z.array(z.object({ accountId: z.string(), roleName: z.string() })) })),
  /**
   * Makes an account and role of an sso-session the daemon's identity (like setIdentity, without
   * a profile: getStatus shows `ssoRole`). Running sessions keep the identity they started with.
   */
  useSsoRole: method(
    z.object({ ssoSession: ConfigName, accountId: AccountId, roleName: RoleName, region: Region.optional() }).strict(),
    z.object({ profile: z.string().nullable(), region: z.string(), ssoRole: z.object({ ssoSession: z.string(), accountId: z.string(), roleName: z.string() }) }),
  ),
  /**
   * Writes `[profile <name>]` with sso_session, sso_account_id, sso_role_name (and region) to the
   * AWS config file, keeping every other line as it was. An existing different profile of that
   * name is refused (InvalidInput) unless `overwrite`.
   */
  saveSsoProfile: method(
    z.object({ name: ConfigName, ssoSession: ConfigName, accountId: AccountId, roleName: RoleName, region: Region.optional(), overwrite: z.boolean().optional() }).strict(),
    z.object({ profile: z.string(), configFile: z.string(), created: z.boolean() }),
  ),
} as const;

export type MethodName = keyof typeof methods;
export type MethodInput<M extends MethodName> = z.input<(typeof methods)[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<(typeof methods)[M]['output']>;

// ---- events (daemon → UI) ----

export const events = {
  sessionChanged: Session,
  /** Terminal output: base64 bytes for one session, in order. */
  /** Terminal output (base64); `offset`: where in the session's output stream this chunk ends. */
  terminalData: z.object({ sessionId: SessionId, data: z.string(), offset: z.number().int().min(0) }),
  /** A file transfer's progress, at most ~4 times a second, and once at its end. */
  transferProgress: z.object({ transferId: z.string(), bytes: z.number().int().min(0), total: z.number().int().min(0) }),
  notification: z.object({
    kind: z.enum(['expiring', 'ended-unexpectedly', 'renewed', 'info', 'fleet-event']),
    sessionId: SessionId.optional(),
    title: z.string(),
    body: z.string(),
    /** 'fleet-event': the fleet, the event, and the compute its message names (one click opens a shell there). */
    fleetId: z.string().optional(),
    computeName: z.string().optional(),
    eventId: z.string().optional(),
    eventCode: z.string().optional(),
  }),
  /**
   * A call needs a sign-in that has no usable token (missing, expired and not refreshable): it
   * waits (up to the daemon's sign-in wait) and fails with SignInNeeded after. Sent when the first
   * call starts waiting and again as more do (`waiting`).
   */
  signInNeeded: SignInRef.extend({ waiting: z.number().int().min(0), reason: z.enum(['missing', 'expired', 'refresh-failed']) }),
  /** A sign-in flow's steps: 'waiting' for the browser, 'slow-down' (device flow polls less often), and its end. */
  signInProgress: z.object({
    signInId: z.string(),
    ref: SignInRef,
    state: z.enum(['waiting', 'slow-down', 'succeeded', 'failed', 'cancelled', 'expired']),
    message: z.string().optional(),
  }),
  /** A sign-in succeeded (a flow, a refresh, or another tool's sign-in found in the cache): the calls waiting on it resume. */
  signedIn: SignInRef.extend({ expiresAt: z.number(), resumed: z.number().int().min(0) }),
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

// ---- window commands (Electron main → the window; not part of ConnectApi) ----

/**
 * What the tray and notifications ask of the window in the Electron app: main sends one on
 * `windowCommandChannel(name)` once the page has loaded, the preload checks it against this schema
 * and hands it to `window.gameliftConnect.onWindowCommand` listeners (buffering until the first
 * listener subscribes). A browser tab (web mode) gets none.
 */
export const windowCommands = {
  /**
   * Show this fleet (and compute) and, unless `action` is 'show', open that there: 'shell' a shell
   * (with `shellIn` on a container fleet), 'rdp' Remote Desktop, 'forward' a forward to `remotePort`.
   */
  openTarget: z
    .object({
      fleetId: FleetId,
      computeName: ComputeName.optional(),
      location: Location.optional(),
      action: z.enum(['show', 'shell', 'rdp', 'forward']),
      remotePort: Port.optional(),
      shellIn: ShellIn.optional(),
    })
    .strict(),
  /** Focus the search box (the tray's "Find…"). */
  openFind: z.object({}).strict(),
  /**
   * The tray's "Sign-in needed: …": start the sign-in of this sso-session (or legacy SSO profile)
   * and show its dialog (startSignIn with the same pick; a flow under way is shown, not restarted).
   */
  openSignIn: z.object({ ssoSession: ConfigName.optional(), profile: ConfigName.optional() }).strict(),
} as const;
export type WindowCommandName = keyof typeof windowCommands;
export type WindowCommand<C extends WindowCommandName> = z.output<(typeof windowCommands)[C]>;
export const windowCommandNames = Object.keys(windowCommands) as WindowCommandName[];
export const isWindowCommandName = (name: unknown): name is WindowCommandName => typeof name === 'string' && Object.hasOwn(windowCommands, name);
export const WINDOW_COMMAND_PREFIX = 'gameliftConnect:window:';
export const windowCommandChannel = (name: WindowCommandName): string => WINDOW_COMMAND_PREFIX + name;
/** What the preload adds to window.gameliftConnect for window commands. */
export type OnWindowCommand = <C extends WindowCommandName>(name: C, listener: (command: WindowCommand<C>) => void) => () => void;

/** The typed API the renderer sees, whichever transport carries it. */
export type ConnectApi = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** A result as it crosses a transport: either a value or an ApiError. */
export type Wire<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/**
 * Where a link the UI opens outside the app may point: an exact https host and a path prefix on
 * the normalised path. `<region>.` at the start of a host stands for one AWS Region label. Terminal
 * output comes from remote machines, so any link in it may be hostile; only these are opened.
 * The project publishes no site or repository URL of its own (package.json and README name none),
 * so it lists only the AWS documentation and consoles a GameLift user meets. A project URL would be
 * one more rule naming its owner: `{ host: 'github.com', pathPrefix: '/<owner>/gamelift-connect/' }`.
 */
export interface ExternalLinkRule {
  host: string;
  /** Ends with '/', so '/owner/repo/' does not admit '/owner/repo-evil'. */
  pathPrefix: string;
}

export const externalLinkAllowlist: readonly ExternalLinkRule[] = [
  { host: 'docs.aws.amazon.com', pathPrefix: '/' },
  { host: 'console.aws.amazon.com', pathPrefix: '/' },
  { host: '<region>.console.aws.amazon.com', pathPrefix: '/' },
];

const REGION_LABEL = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** '.', '..' and their percent-encoded spellings: a server or browser may resolve any of them. */
const DOT_SEGMENT = /^(\.|%2e){1,2}$/i;
/** An encoded slash or backslash would hide a segment from this check, and some servers decode it. */
const ENCODED_SEPARATOR = /%(2f|5c)/i;

function hostMatches(hostname: string, pattern: string): boolean {
  if (!pattern.startsWith('<region>.')) return hostname === pattern;
  const suffix = pattern.slice('<region>'.length);
  return hostname.endsWith(suffix) && REGION_LABEL.test(hostname.slice(0, -suffix.length));
}

/**
 * True only for a URL one of `rules` admits, judged on the URL as a browser would resolve it and
 * on its raw spelling alike: https with exactly that host (no credentials, no port, no other
 * spelling of the host), no whitespace or backslashes (which parsers silently drop or turn into
 * '/'), no dot segments or encoded separators in the path, and the rule's path prefix on the
 * normalised path.
 */
export function isAllowedExternalUrl(raw: string, rules: readonly ExternalLinkRule[] = externalLinkAllowlist): boolean {
  if (typeof raw !== 'string' || !raw.startsWith('https://') || /[\s\p{Cc}\\]/u.test(raw)) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  const rest = raw.slice('https://'.length);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  // The authority as written must be the bare host: this refuses 'user@', ':port' (even :443),
  // upper case, a trailing dot and any other spelling the parser would quietly normalise.
  if (url.protocol !== 'https:' || url.username || url.password || url.port || authority !== url.hostname) return false;
  const rawPath = (authorityEnd === -1 ? '' : rest.slice(authorityEnd)).split(/[?#]/, 1)[0] ?? '';
  if (ENCODED_SEPARATOR.test(rawPath) || rawPath.split('/').some((segment) => DOT_SEGMENT.test(segment))) return false;
  return rules.some((rule) => hostMatches(url.hostname, rule.host) && url.pathname.startsWith(rule.pathPrefix));
}

// ---- the local API's wire envelope (WebSocket, JSON text frames) ----

/** WebSocket subprotocol of the local API. */
export const API_PROTOCOL = 'gamelift-connect.v1';
/**
 * Browsers cannot set Authorization on a WebSocket, so the token may also travel as a second
 * subprotocol `bearer.<token>`; the server answers with API_PROTOCOL only, never echoing the token.
 */
export const BEARER_PROTOCOL_PREFIX = 'bearer.';

export const WireRequest = z.object({ id: z.number().int().nonnegative(), method: z.string().max(64), input: z.unknown() });
export type WireRequest = z.infer<typeof WireRequest>;
export type WireResponse = { id: number } & Wire<unknown>;
export type WireEvent = { event: EventName; payload: unknown };

// ---- names: methods, events, and the Electron IPC channels that carry them ----

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];
/** Own names only: '__proto__', 'constructor' and the like are no methods or events. */
export const isMethodName = (name: unknown): name is MethodName => typeof name === 'string' && Object.hasOwn(methods, name);
export const isEventName = (name: unknown): name is EventName => typeof name === 'string' && Object.hasOwn(events, name);

/**
 * Electron IPC: one invoke channel per method (main/electron/ipc.ts handles it, preload/index.ts
 * invokes it) and one send channel per event (main sends, the preload listens).
 */
export const INVOKE_PREFIX = 'gameliftConnect:call:';
export const EVENT_PREFIX = 'gameliftConnect:event:';
export const invokeChannel = (method: MethodName): string => INVOKE_PREFIX + method;
export const eventChannel = (event: EventName): string => EVENT_PREFIX + event;

// ---- the one client: every transport's caller is createClient over that transport ----

/**
 * Whatever went wrong on a call (the daemon refused, the transport broke, an answer broke the
 * contract) reaches the caller as a ConnectError: an ApiError with words to show.
 */
export class ConnectError extends Error implements ApiError {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /** SignInNeeded: which sign-in. */
  readonly signIn: SignInRef | undefined;

  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ConnectError';
    this.code = error.code;
    this.hint = error.hint;
    this.signIn = error.signIn;
  }
}

/** " at a.b: what is wrong", from the first issue. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue?.message ?? 'malformed'}`;
}

/**
 * A call checked against the contract: its method and parsed input, or the InvalidInput error
 * that says why not. The daemon's dispatcher checks what arrives with it, and every client what
 * leaves, so both refuse alike.
 */
export function checkCall(method: unknown, input: unknown): { ok: true; method: MethodName; input: unknown } | { ok: false; error: ApiError } {
  if (!isMethodName(method)) return { ok: false, error: { code: 'InvalidInput', message: `Unknown method: ${String(method).slice(0, 64)}` } };
  const parsed = methods[method].input.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, error: { code: 'InvalidInput', message: `Invalid input for ${method}${firstIssue(parsed.error)}` } };
  return { ok: true, method, input: parsed.data };
}

/** A transport's half of a call: the method and checked input out, the Wire answer back. */
export type Send = (method: MethodName, input: unknown) => Promise<Wire<unknown>>;
/** A transport's event feed: raw payloads of one event until the returned function is called. */
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

export type ConnectClient = ConnectApi & {
  /** Any method by name; an unknown name is refused as InvalidInput, like bad input. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
};

/** The value of a Wire answer that matches `method`'s output schema; anything else is a ConnectError. */
function readAnswer(method: MethodName, wire: unknown): unknown {
  const answer: { ok?: unknown; value?: unknown; error?: unknown } = typeof wire === 'object' && wire !== null ? wire : {};
  if (answer.ok !== true) {
    const error = ApiError.safeParse(answer.error);
    throw new ConnectError(error.success ? error.data : { code: 'Internal', message: 'The daemon sent an unreadable error.' });
  }
  const parsed = methods[method].output.safeParse(answer.value);
  if (parsed.success) return parsed.data;
  throw new ConnectError({
    code: 'Internal',
    message: `The daemon's answer to ${method} did not match the contract${firstIssue(parsed.error)}.`,
    hint: 'The app and the daemon may be different versions: restart GameLift Connect.',
  });
}

/**
 * The typed API over one transport. Inputs are checked before they leave (a dialog can show a field
 * error without a round trip); answers and event payloads are checked when they arrive, so a
 * daemon or a main process that breaks the contract is not believed: a bad answer rejects with
 * Internal, a bad event is dropped. Every failure is a ConnectError, except what `send` itself
 * throws, which passes through as the transport's own word.
 */
export function createClient(send: Send, subscribe: Subscribe): ConnectClient {
  const call = async (method: unknown, input: unknown): Promise<unknown> => {
    const checked = checkCall(method, input);
    if (!checked.ok) throw new ConnectError(checked.error);
    return readAnswer(checked.method, await send(checked.method, checked.input));
  };
  const client: Record<string, unknown> = { call };
  for (const method of methodNames) client[method] = (input: unknown) => call(method, input);
  client.on = (event: unknown, listener: (payload: unknown) => void): (() => void) => {
    if (!isEventName(event)) throw new ConnectError({ code: 'InvalidInput', message: `Unknown event: ${String(event).slice(0, 64)}` });
    return subscribe(event, (payload) => {
      const parsed = events[event].safeParse(payload);
      if (!parsed.success) return; // dropped, never half-trusted
      try {
        listener(parsed.data);
      } catch (error) {
        console.error(`listener for ${event} failed`, error);
      }
    });
  };
  return client as ConnectClient;
}

/**
 * The client end of the local API's envelope, whatever carries its text frames (ws in Node, the
 * browser's WebSocket): numbers requests, matches responses to them, fans events out. `request`
 * and `subscribe` are a Send and a Subscribe for createClient.
 */
export class WireLink {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (wire: Wire<unknown>) => void; reject: (error: unknown) => void }>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  /** Writes one request frame; settles with its response, or with failAll's error. */
  request(method: MethodName, input: unknown, write: (frame: string) => void): Promise<Wire<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        write(JSON.stringify({ id, method, input } satisfies WireRequest));
      } catch (error) {
        this.pending.delete(id);
        reject(error);
      }
    });
  }

  readonly subscribe: Subscribe = (event, listener) => {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  };

  /** One text frame from the daemon: a response to a pending request, or an event. Junk is ignored. */
  receive(frame: unknown): void {
    if (typeof frame !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(frame);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const record = message as Record<string, unknown>;
    if (typeof record.id === 'number') {
      const pending = this.pending.get(record.id);
      this.pending.delete(record.id);
      pending?.resolve(record as WireResponse);
    } else if (typeof record.event === 'string') {
      for (const listener of this.listeners.get(record.event) ?? []) listener(record.payload);
    }
  }

  /** The connection is gone: every pending request fails with `error`. */
  failAll(error: unknown): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of pending) reject(error);
  }
}

// ---- Terminal flow control, the view's half (ackTerminal) ----

/** Acknowledge once this much more output is processed… */
export const TERMINAL_ACK_BATCH_BYTES = 32 * 1024;
/** …or this long after the first unacknowledged byte, whichever comes first. */
export const TERMINAL_ACK_DELAY_MS = 50;
/** A view still behind repeats its acknowledgement this often, so the daemon knows it is alive (it forgets a view silent for 5 s). */
export const TERMINAL_ACK_HEARTBEAT_MS = 1000;

/**
 * What one view (a window's terminal, the CLI) tells the daemon about the output it has
 * processed: offsets of terminalData events, in batches, and a heartbeat while it is behind.
 * `send(upTo)` makes the ackTerminal call with the view's own viewer ID.
 */
export class TerminalAcks {
  private arrived = 0;
  private processed = 0;
  private acked = 0;
  private batchTimer: ReturnType<typeof setTimeout> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly send: (upTo: number) => void) {}

  /** An event ending at `offset` arrived; it is not processed yet (written to a terminal or a pipe). */
  arrivedUpTo(offset: number): void {
    this.arrived = Math.max(this.arrived, offset);
    if (this.arrived > this.processed && !this.heartbeat) {
      this.heartbeat = setInterval(() => this.beat(), TERMINAL_ACK_HEARTBEAT_MS);
      (this.heartbeat as { unref?: () => void }).unref?.();
    }
  }

  /** Everything up to `offset` is processed. */
  processedUpTo(offset: number): void {
    if (offset <= this.processed) return;
    this.processed = offset;
    this.arrived = Math.max(this.arrived, offset);
    if (this.processed - this.acked >= TERMINAL_ACK_BATCH_BYTES) this.flush();
    else this.batchTimer ??= setTimeout(() => this.flush(), TERMINAL_ACK_DELAY_MS);
  }

  /** Sends what is processed and not yet acknowledged, now. */
  flush(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    if (this.processed > this.acked) {
      this.acked = this.processed;
      this.send(this.processed);
    }
    if (this.processed >= this.arrived) this.stopBeating();
  }

  dispose(): void {
    this.flush();
    this.stopBeating();
  }

  /** Alive but behind: the last acknowledgement again, so the daemon keeps counting this view. */
  private beat(): void {
    if (this.processed >= this.arrived) {
      this.stopBeating();
      return;
    }
    this.acked = this.processed;
    this.send(this.processed);
  }

  private stopBeating(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}
