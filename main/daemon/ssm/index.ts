// The native Session Manager client: what the daemon and the CLI use. Design and API:
// docs/ssm-client.md. Wire protocol: docs/reference/ssm-data-channel.md.
export { startShellSession, ShellSession } from './shell-session';
export type { ShellSessionOptions, ShellExit, ShellSessionEvents } from './shell-session';
export { startPortForward, PortForward, PORT_DOCUMENT, REMOTE_HOST_PORT_DOCUMENT } from './port-forward';
export type { PortForwardOptions, PortForwardEvents } from './port-forward';
export { openSession } from './open-session';
export type { SessionTarget, SessionDocument } from './open-session';
export { DataChannel, MAX_DATA_PAYLOAD } from './data-channel';
export type { ChannelClosed, ChannelState, SessionReady, DataChannelOptions } from './data-channel';
export { PortInUseError } from './local-listener';
export { CLIENT_VERSION } from './version';
