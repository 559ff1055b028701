// The seam between the emulator's SSM API (StartSession, ResumeSession, TerminateSession,
// DescribeSessions) and its agent side of the data channel. The API half validates the call and
// credentials, then asks the agent to host the session; the agent serves the data-channel WebSocket.
import type { AgentFaults } from './faults';
import type { ShellOutputConfig } from './shell-output-config';

export type SessionStatus = 'Connecting' | 'Connected' | 'Disconnected' | 'Terminating' | 'Terminated' | 'Failed';

/** Terminated and Failed are final: the session is history. */
export function isFinished(status: SessionStatus): boolean {
  return status === 'Terminated' || status === 'Failed';
}

export interface AgentSessionSpec {
  sessionId: string;
  /** The instance the session runs on (a compute name, or a container fleet's Target). */
  target: string;
  /** SSM document; undefined means the default shell (SSM-SessionManagerRunShell). */
  documentName?: string;
  /** StartSession Parameters, values as lists of strings. */
  parameters: Record<string, string[]>;
  /** The agent version the handshake reports, e.g. '3.3.808.0' (mux) or '3.0.161.0' (basic mode). */
  agentVersion: string;
  /** Which shell the instance has: a container host and its game-server container are distinguishable. */
  shell: { program: string; args: string[]; env: Record<string, string>; cwd?: string };
  os: 'linux' | 'windows';
  /** Where the instance's port N really is (scenario mapping; default 127.0.0.1:N). */
  resolvePort(port: number, host?: string): { host: string; port: number };
  /**
   * Set when the session preferences name a KMS key: shells then get a KMSEncryption handshake, and
   * the agent decrypts the client's data key through the emulator's local KMS.
   */
  kms?: { keyId: string; decrypt(ciphertextBlob: Buffer, encryptionContext: Record<string, string>): Buffer };
  /**
   * For AWS-StartNonInteractiveCommand: the output keys of the document's per-OS block
   * (separateOutputStream and its prefixes). AWS's own document sets none, so output is merged.
   */
  shellOutput?: ShellOutputConfig;
  /** The emulated service's idle timeout for this session. */
  idleTimeoutMs?: number;
  /** Fault knobs for this session only, armed when it starts (see faults.ts). */
  faults?: AgentFaults;
}

export interface IssuedStream {
  streamUrl: string;
  tokenValue: string;
}

export interface SessionAgent {
  /** Hosts a new session and returns its stream URL and a fresh token (valid briefly, once). */
  start(spec: AgentSessionSpec): IssuedStream;
  /** A new token for a disconnected, not terminated, session; null when it cannot be resumed. */
  resume(sessionId: string): IssuedStream | null;
  /** Ends a session as TerminateSession does: channel_closed to the client, the shell or sockets closed. */
  terminate(sessionId: string): boolean;
  status(sessionId: string): SessionStatus | undefined;
  close(): Promise<void>;
}
