// `npm run emulator`: the local AWS stand-in as a process. Prints one JSON line with its endpoints
// and credentials on stdout, logs to stderr, and runs until killed. See docs/emulator.md.
import { generateKeyPairSync } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startEmulator } from './index';
import { startSdk4SshServer } from './sdk4/ssh-server';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string' },
    'time-scale': { type: 'string' },
    'credential-lifetime-minutes': { type: 'string' },
    /** Where SDK 4 Windows instances' RDP really is, host:port (default 127.0.0.1:3389). */
    rdp: { type: 'string' },
  },
});

const log = (message: string) => process.stderr.write(`[emulator] ${message}\n`);

function endpoint(value: string | undefined, fallbackPort: number) {
  if (!value) return { host: '127.0.0.1', port: fallbackPort };
  const at = value.lastIndexOf(':');
  return { host: value.slice(0, at), port: Number(value.slice(at + 1)) };
}

const sdk4Key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const ssh = await startSdk4SshServer(sdk4Key, log);
const lifetime = values['credential-lifetime-minutes'];
const emulator = await startEmulator({
  ...(values.scenario ? { scenario: values.scenario } : {}),
  ...(values['time-scale'] ? { timeScale: Number(values['time-scale']) } : {}),
  ...(lifetime ? { credentialLifetimeMs: Number(lifetime) * 60_000 } : {}),
  sdk4: { linuxPrivateKeyPem: sdk4Key, sshAddress: { host: '127.0.0.1', port: ssh.port }, rdpAddress: endpoint(values.rdp, 3389) },
  log,
});

process.stdout.write(
  `${JSON.stringify({
    region: emulator.region,
    gameliftEndpoint: emulator.gameliftEndpoint,
    ssmEndpoint: emulator.ssmEndpoint,
    kmsEndpoint: emulator.kmsEndpoint,
    credentials: emulator.credentials,
    // SDK 4 instances sit on 127.0.0.1; their SSH and RDP ports are not the standard ones.
    env: { GAMELIFT_CONNECT_SSH_PORT: String(ssh.port), GAMELIFT_CONNECT_RDP_PORT: String(endpoint(values.rdp, 3389).port) },
  })}\n`,
);
log(`serving ${emulator.scenario.fleets.length} fleets in ${emulator.region}; SDK 4 SSH on 127.0.0.1:${ssh.port}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([emulator.close(), ssh.close()]);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
