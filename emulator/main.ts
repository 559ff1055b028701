// `npm run emulator`: the local AWS stand-in as a process. Prints one JSON line with its endpoints
// and credentials on stdout, logs to stderr, and runs until killed. See docs/emulator.md.
import { parseArgs } from 'node:util';
import { startEmulator } from './index';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string' },
    'time-scale': { type: 'string' },
    'credential-lifetime-minutes': { type: 'string' },
    /** Where SDK 4 Windows instances' RDP really is, host:port (default 127.0.0.1:3389). */
    rdp: { type: 'string' },
    /** <fleet-id>[:<seconds>]: a new SERVER_PROCESS_CRASHED event on that fleet every so many (emulated) seconds, default 30. */
    'live-fleet-events': { type: 'string' },
    /** Emulated minutes IAM Identity Center's access tokens last (the scenario's otherwise), to try a refresh by hand. */
    'sso-access-token-minutes': { type: 'string' },
  },
});

const log = (message: string) => process.stderr.write(`[emulator] ${message}\n`);

function endpoint(value: string | undefined, fallbackPort: number) {
  if (!value) return { host: '127.0.0.1', port: fallbackPort };
  const at = value.lastIndexOf(':');
  return { host: value.slice(0, at), port: Number(value.slice(at + 1)) };
}

const lifetime = values['credential-lifetime-minutes'];
const live = values['live-fleet-events']?.split(':');
const ssoTokenMinutes = values['sso-access-token-minutes'];
if (ssoTokenMinutes !== undefined && !(Number(ssoTokenMinutes) > 0)) {
  process.stderr.write(`--sso-access-token-minutes must be a positive number of minutes, got '${ssoTokenMinutes}'\n`);
  process.exit(2);
}
const emulator = await startEmulator({
  ...(values.scenario ? { scenario: values.scenario } : {}),
  ...(values['time-scale'] ? { timeScale: Number(values['time-scale']) } : {}),
  ...(lifetime ? { credentialLifetimeMs: Number(lifetime) * 60_000 } : {}),
  // Each SDK 4 Linux fleet gets its own generated key; the built-in SSH server accepts them all.
  sdk4: { serveSsh: true, rdpAddress: endpoint(values.rdp, 3389) },
  faults: {
    ...(live ? { liveFleetEvents: { fleetId: live[0]!, everyMs: Number(live[1] ?? 30) * 1000 } } : {}),
    ...(ssoTokenMinutes ? { sso: { accessTokenLifetimeMs: Number(ssoTokenMinutes) * 60_000 } } : {}),
  },
  log,
});

process.stdout.write(
  `${JSON.stringify({
    region: emulator.region,
    gameliftEndpoint: emulator.gameliftEndpoint,
    ssmEndpoint: emulator.ssmEndpoint,
    kmsEndpoint: emulator.kmsEndpoint,
    logsEndpoint: emulator.logsEndpoint,
    ssoOidcEndpoint: emulator.ssoOidcEndpoint,
    ssoEndpoint: emulator.ssoEndpoint,
    // Where to sign in (sso_start_url / sso_region); the users are the scenario's (docs/emulator.md).
    sso: { startUrl: emulator.identityCenter.directory.spec.startUrl, region: emulator.identityCenter.directory.spec.region },
    credentials: emulator.credentials,
    // SDK 4 instances sit on 127.0.0.1; their SSH and RDP ports are not the standard ones.
    env: { GAMELIFT_CONNECT_SSH_PORT: String(emulator.sdk4SshPort), GAMELIFT_CONNECT_RDP_PORT: String(endpoint(values.rdp, 3389).port) },
  })}\n`,
);
log(`serving ${emulator.scenario.fleets.length} fleets in ${emulator.region}; SDK 4 SSH on 127.0.0.1:${emulator.sdk4SshPort}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await emulator.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
