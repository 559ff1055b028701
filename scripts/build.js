#!/usr/bin/env node
// `npm run build`: the one build. Three outputs under dist/, for the three runtimes:
//   dist/electron/main.cjs   Electron main process (esbuild; CommonJS; `electron` and npm
//                            packages stay external: packaged node_modules provide them,
//                            and native addons like node-pty cannot be bundled)
//   dist/preload/index.cjs   preload (esbuild; one self-contained CommonJS file, because a
//                            sandboxed preload may require nothing but `electron`)
//   dist/renderer/           renderer (Vite, see vite.config.ts)
// Needs no Electron binary.
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const ELECTRON_NODE = 'node22'; // Electron 45's Node
const ELECTRON_CHROME = 'chrome140'; // Electron 45's Chromium

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  external: ['electron'],
};

async function buildMain() {
  await rm('dist/electron', { recursive: true, force: true });
  await esbuild({
    ...common,
    entryPoints: ['main/electron/main.ts'],
    outfile: 'dist/electron/main.cjs',
    platform: 'node',
    target: ELECTRON_NODE,
    packages: 'external',
  });
}

async function buildPreload() {
  await rm('dist/preload', { recursive: true, force: true });
  await esbuild({
    ...common,
    entryPoints: ['preload/index.ts'],
    outfile: 'dist/preload/index.cjs',
    // A sandboxed preload has browser globals and a `require` for `electron` only: bundle
    // everything else (zod, the contract) and fail on Node built-ins rather than shipping them.
    platform: 'browser',
    target: ELECTRON_CHROME,
  });
}

async function buildRenderer() {
  await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
}

const steps = [
  ['main', buildMain],
  ['preload', buildPreload],
  ['renderer', buildRenderer],
];
for (const [name, step] of steps) {
  const started = performance.now();
  await step();
  console.log(`build: ${name} done in ${Math.round(performance.now() - started)} ms`);
}
