#!/usr/bin/env node
// `npm start`: the tray app. Builds dist/ when missing, then runs Electron — or, where Electron
// cannot start here (binary not downloaded, no display), says why in one line and serves the same
// UI in web mode, opening the browser when it can. With no AWS profile configured, either way
// opens on the sandbox (the local emulator), clearly labelled in the window.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = fileURLToPath(new URL('..', import.meta.url));
const { findElectron, shouldOpenSandbox } = await import('../main/daemon/web/launch-choice.ts');
const { listProfiles } = await import('../main/daemon/identity/profiles.ts');

const built = ['dist/electron/main.cjs', 'dist/preload/index.cjs', 'dist/renderer/index.html'].every((f) => existsSync(`${root}/${f}`));
if (!built) {
  const build = spawnSync(process.execPath, [`${root}/scripts/build.js`], { stdio: 'inherit', cwd: root });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const profiles = await listProfiles().catch(() => []);
const sandbox = shouldOpenSandbox(process.env, profiles.length);
const electron = findElectron(`${root}/node_modules/electron`, process.env, process.platform);

/** Runs a child with our stdio until it exits, passing Ctrl-C through. */
function run(command, args, env) {
  const child = spawn(command, args, { stdio: 'inherit', cwd: root, env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (electron.ok) {
  run(electron.binary, ['.'], { ...process.env, GAMELIFT_CONNECT_SANDBOX: sandbox ? '1' : '0' });
} else {
  console.error(`GameLift Connect: cannot start the desktop app because ${electron.reason}; serving the same UI in your browser instead.`);
  run(process.execPath, [`${root}/bin/gamelift-connect.js`, 'web', ...(sandbox ? ['--sandbox'] : [])], process.env);
}
