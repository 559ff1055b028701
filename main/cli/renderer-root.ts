// Where the built renderer lives in a checkout or an installed package (`npm run build` writes it),
// and building it on demand in a checkout, so every entry point (`npm start`, `npm run sandbox`,
// `gamelift-connect web`) works on a fresh clone.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CliError } from './cli-error';

const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RENDERER_ROOT = `${PACKAGE_ROOT}dist/renderer`;

export const rendererIsBuilt = (root = RENDERER_ROOT): boolean => existsSync(`${root}/index.html`);

/**
 * Builds the app when its renderer is missing and the build script is there (a source checkout);
 * the build's own output goes to `log` (stderr), not to stdout, which carries the URL.
 */
export function ensureRendererBuilt(
  log: NodeJS.WritableStream,
  paths: { packageRoot: string; rendererRoot: string } = { packageRoot: PACKAGE_ROOT, rendererRoot: RENDERER_ROOT },
): void {
  if (rendererIsBuilt(paths.rendererRoot)) return;
  const script = `${paths.packageRoot}/scripts/build.js`;
  if (!existsSync(script)) throw new CliError('the web UI is missing from this installation: reinstall GameLift Connect');
  log.write('gamelift-connect: building the app first (once)…\n');
  const build = spawnSync(process.execPath, [script], { cwd: paths.packageRoot, encoding: 'utf8' });
  if (build.stdout) log.write(build.stdout);
  if (build.stderr) log.write(build.stderr);
  if (build.status !== 0 || !rendererIsBuilt(paths.rendererRoot)) {
    throw new CliError(`building the web UI failed (exit ${build.status ?? build.signal}); run \`npm run build\` to see why`);
  }
}
