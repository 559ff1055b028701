// The seam between the session manager and the native Session Manager client (main/daemon/ssm/,
// owned by the SSM engineer). The daemon hands it the transport's one credential source, a
// provider that reads the vault at each use, so a renewal takes effect at the next
// ResumeSession, TerminateSession or upgrade signature without a new client or a restart.
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Endpoints } from '../aws/clients';
import type { Connection, ConnectionEvents } from '../transport/connection';

export interface SsmTargetSpec {
  /** The location Region (not necessarily the fleet's home Region). */
  region: string;
  /** The SSM target: an instance ID (EC2 compute name, or a container compute's host). */
  target: string;
  endpoints: Endpoints;
  /** The session's credentials, read at every call; `forceRefresh` renews them (AWS refused them). */
  credentials: AwsCredentialIdentityProvider;
}

export interface SsmShellSpec extends SsmTargetSpec {
  /** E.g. AWS-StartInteractiveCommand to enter a container; omitted for the default shell. */
  documentName?: string;
  parameters?: Record<string, string[]>;
  cols?: number;
  rows?: number;
}

export interface SsmForwardSpec extends SsmTargetSpec {
  remotePort: number;
  /** A host reachable from the instance (AWS-StartPortForwardingSessionToRemoteHost). */
  remoteHost?: string;
  /** 0 or undefined: any free loopback port. */
  localPort?: number;
}

export interface SsmConnector {
  openShell(spec: SsmShellSpec, events: ConnectionEvents): Promise<Connection & { idleTimeoutMinutes?: number }>;
  openForward(spec: SsmForwardSpec, events: ConnectionEvents): Promise<Connection & { localPort: number; idleTimeoutMinutes?: number }>;
}
