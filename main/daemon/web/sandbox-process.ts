// The sandbox for the Electron app: `npm run emulator` as a child process (its documented first
// stdout line gives endpoints and credentials), since Electron's CommonJS bundle cannot carry the
// emulator's ESM sources. Development only: packaged apps ship without emulator/ (electron-builder packs dist/ only).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { Sandbox } from './sandbox';

interface EmulatorLine {
  region: string;
  gameliftEndpoint: string;
  ssmEndpoint: string;
  kmsEndpoint: string;
  ssoOidcEndpoint: string;
  ssoEndpoint: string;
  sso: { startUrl: string; region: string };
  credentials: { accessKeyId: string; secretAccessKey: string };
  env?: Record<string, string>;
}

/** `node` for the child: npm's when started through npm, else the one on PATH (never Electron's). */
export async function startSandboxProcess(root: string, node = process.env.npm_node_execpath ?? 'node'): Promise<Sandbox> {
  const child = spawn(node, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'emulator/main.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined },
  });
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(line));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before it was ready`)));
  });
  const info = JSON.parse(first) as EmulatorLine;
  // The emulator's SDK 4 instances listen on non-standard SSH/RDP ports, announced as the
  // GAMELIFT_CONNECT_SSH_PORT / _RDP_PORT overrides the daemon reads from its environment. This
  // process hosts a sandbox daemon only, so it adopts them (without replacing the user's own).
  for (const [name, value] of Object.entries(info.env ?? {})) process.env[name] ??= value;
  return {
    emulator: null,
    identity: {
      region: info.region,
      endpoints: { gamelift: info.gameliftEndpoint, ssm: info.ssmEndpoint, kms: info.kmsEndpoint, ssooidc: info.ssoOidcEndpoint, sso: info.ssoEndpoint },
      credentials: info.credentials,
    },
    ssoSession: info.sso,
    settings: { clientAddress: '127.0.0.1' },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
