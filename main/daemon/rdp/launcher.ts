// What every platform's RDP launcher gets: where to connect and, for SDK 4, the issued login.
// The password is handed over through stdin, a credential API or the clipboard — never in process
// arguments or files.
import type { FolderShare } from './shared-folder';

export interface RdpLaunch {
  host: string;
  port: number;
  username?: string;
  password?: string;
  /** A local folder to redirect into the session (checked by prepareFolderShare for this platform). */
  share?: FolderShare;
}

export interface LaunchedClient {
  /** The program as the user knows it, for messages ("xfreerdp", "Remmina", "mstsc", "open"). */
  name: string;
  /** Resolves with the client's exit code (null when killed by a signal or unknown). */
  exited: Promise<number | null>;
  /**
   * 'connection': this process is the RDP client for as long as the connection lasts, so its exit
   * ends the session. 'hand-over': it passes the connection to another program and exits (macOS
   * `open`; Remmina, which hands a new connection to an instance already running), so its exit
   * says only whether the hand-over worked.
   */
  lifetime: 'connection' | 'hand-over';
  /** Exit codes that mean the user closed or signed out, as opposed to a failure. */
  closedNormally(code: number | null): boolean;
  /** The last few lines the client wrote to stderr, secrets already redacted. */
  errorOutput(): string[];
  kill(): void;
}

export type RdpLauncher = (launch: RdpLaunch) => Promise<LaunchedClient>;
