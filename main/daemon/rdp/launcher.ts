// What every platform's RDP launcher gets: where to connect and, for SDK 4, the issued login.
// The password is handed over through stdin, a credential API or the clipboard — never in process
// arguments or files.

export interface RdpLaunch {
  host: string;
  port: number;
  username?: string;
  password?: string;
}

export interface LaunchedClient {
  /** Resolves with the client's exit code (null when killed or unknown). */
  exited: Promise<number | null>;
  kill(): void;
}

export type RdpLauncher = (launch: RdpLaunch) => Promise<LaunchedClient>;
