// @ts-check
// Lint for the whole repository (`npm run lint`). Besides the usual rules, it enforces the
// import boundaries of docs/architecture.md: the folder a file lives in says where it runs,
// and so what it may import (boundaries/imports), and which layer it is in, and so whom it may
// import (boundaries/layers). test/lint/boundaries.test.ts proves the boundaries hold.
import { builtinModules } from 'node:module';
import { dirname, extname, relative, resolve, sep } from 'node:path';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const repoRoot = import.meta.dirname;

/**
 * @typedef {object} Boundary
 * @property {string} why                   shown with every violation
 * @property {string[]} [forbidPackages]    npm packages the folder must not import (subpaths included)
 * @property {boolean} [forbidNodeBuiltins] no `node:*` and no bare built-in names (fs, path, net, …)
 * @property {string[]} [forbidFolders]     repo folders the folder must not import from…
 * @property {string[]} [allowModules]      …except these modules (repo paths without extension)
 * @property {string[]} [onlyPackages]      allow-list: these packages and nothing else, no relative imports
 * @property {string[]} [onlyModules]       allow-list for relative imports: these repo folders or modules
 *                                          (paths without extension) and nothing else; packages are free
 */

/** The table in docs/architecture.md, as lint configuration. */
const boundaries = [
  {
    files: ['main/daemon/**'],
    /** @type {Boundary} */
    boundary: {
      why: 'main/daemon/ runs in plain Node (CLI, web mode, tests) as well as in Electron: never electron',
      forbidPackages: ['electron'],
      forbidFolders: ['main/electron', 'renderer'],
    },
  },
  {
    files: ['main/cli/**'],
    boundary: {
      why: 'main/cli/ runs in plain Node: never electron',
      forbidPackages: ['electron'],
      forbidFolders: ['main/electron', 'renderer'],
    },
  },
  {
    files: ['renderer/**'],
    boundary: {
      why: 'renderer/ runs in a DOM (Electron window or browser tab): no Node built-ins, and from main/ and preload/ only the contract',
      forbidPackages: ['electron'],
      forbidNodeBuiltins: true,
      forbidFolders: ['main', 'preload'],
      allowModules: ['preload/contract'],
    },
  },
  {
    files: ['preload/**'],
    ignores: ['preload/contract.ts'],
    boundary: {
      why: 'preload/ runs sandboxed, where require() knows only electron: electron and preload/contract, nothing from main/ or Node',
      forbidNodeBuiltins: true,
      forbidFolders: ['main', 'renderer'],
    },
  },
  {
    files: ['preload/contract.ts'],
    boundary: {
      why: 'preload/contract.ts is loaded everywhere: it imports only the schema library',
      onlyPackages: ['zod'],
    },
  },
  {
    files: ['emulator/**'],
    boundary: {
      why: 'emulator/ runs in plain Node (the sandbox, npm run emulator, the tests): never electron',
      forbidPackages: ['electron'],
    },
  },
];

/**
 * The layers of main/ and emulator/ (the second table in docs/architecture.md), in the VS Code
 * manner: each entry lists every repo folder or module its files may import (their own folder is
 * always allowed); any other relative import is a crossing. Packages are the runtime table's
 * business. A later entry replaces an earlier one for the files both match.
 */
const DAEMON = 'main/daemon';
const CONTRACT = 'preload/contract';
/** What every domain folder of the daemon may use: shared helpers, errors, events, log, paths, settings. */
const FOUNDATION = [`${DAEMON}/util`, `${DAEMON}/log`, `${DAEMON}/errors`, `${DAEMON}/events`, `${DAEMON}/paths`, `${DAEMON}/settings`, `${DAEMON}/open-external`, CONTRACT];
/** The Session Manager codecs the emulator's agent shares with the client (the wire format, once). */
const SSM_CODECS = ['frame', 'smux-frame', 'rto', 'session-cipher'].map((m) => `${DAEMON}/ssm/${m}`);
/** @type {Array<{ layer: string, files: string[], may: string[], why: string }>} */
const layers = [
  {
    layer: 'main/cli',
    files: ['main/cli/**'],
    may: [`${DAEMON}/daemon`, `${DAEMON}/api`, `${DAEMON}/log`, `${DAEMON}/paths`, `${DAEMON}/web`, `${DAEMON}/open-external`, CONTRACT],
    why: 'main/cli/ is a client of the daemon: the facade (daemon.ts), the local API (api/: client, dispatcher, serving), log/, paths.ts, web mode (web/, open-external) and the contract; never sessions/, ssm/, aws/ or any other domain folder, test/ or emulator/',
  },
  {
    layer: 'main/electron',
    files: ['main/electron/**'],
    may: [`${DAEMON}/daemon`, `${DAEMON}/api/dispatcher`, `${DAEMON}/web`, CONTRACT],
    why: 'main/electron/ reaches the daemon through its facade (daemon.ts), the one dispatcher (IPC) and web/ (web mode, the sandbox process, the CSP and static files it serves), and the contract',
  },
  { layer: DAEMON, files: [`${DAEMON}/*.ts`], may: [DAEMON, CONTRACT], why: 'daemon.ts composes every folder of main/daemon/; nothing in main/ imports test/ or emulator/' },
  // The foundation: imported by every domain folder, so it imports none.
  { layer: `${DAEMON}/util`, files: [`${DAEMON}/util/**`], may: [], why: 'util/ is the bottom layer: it imports no other folder of main/daemon/, not even the contract' },
  ...['log', 'errors', 'events', 'paths', 'settings', 'open-external'].map((name) => ({
    layer: `${DAEMON}/${name}`,
    files: [`${DAEMON}/${name}/**`, `${DAEMON}/${name}.ts`],
    may: FOUNDATION,
    why: `${name} is part of the daemon's foundation: it imports no domain folder`,
  })),
  // Domain folders: the foundation and the domain folders listed.
  ...Object.entries({
    aws: [],
    identity: ['aws'],
    vault: [],
    rdp: [],
    transport: [],
    access: ['aws', 'identity'],
    discovery: ['access', 'aws', 'identity'],
    triage: ['aws', 'identity', 'discovery'],
    ssh: ['aws', 'identity', 'transport'],
    sessions: ['access', 'aws', 'discovery', 'identity', 'rdp', 'ssh', 'ssm', 'transport', 'vault'],
    files: ['sessions', 'ssh'],
    api: ['daemon'],
    web: ['api', 'daemon', 'identity', 'vault'],
  }).map(([name, domains]) => ({
    layer: `${DAEMON}/${name}`,
    files: [`${DAEMON}/${name}/**`],
    may: [...FOUNDATION, ...domains.map((d) => `${DAEMON}/${d}`)],
    why: `${name}/ may import the foundation${domains.length ? ` and ${domains.join(', ')}` : ''}`,
  })),
  {
    layer: `${DAEMON}/ssm`,
    files: [`${DAEMON}/ssm/**`],
    may: [`${DAEMON}/util`],
    why: 'ssm/ is a self-contained Session Manager client: it imports util/ and nothing else of main/, not the contract either',
  },
  {
    layer: `${DAEMON}/web`,
    files: [`${DAEMON}/web/sandbox*.ts`],
    may: [...FOUNDATION, `${DAEMON}/api`, `${DAEMON}/daemon`, `${DAEMON}/identity`, `${DAEMON}/vault`, 'emulator'],
    why: 'the sandbox entry (main/daemon/web/sandbox*.ts) is the one file of main/ that starts the emulator',
  },
  { layer: 'emulator', files: ['emulator/**'], may: SSM_CODECS, why: "emulator/ shares only the Session Manager codecs (ssm/frame, smux-frame, rto, session-cipher) with main/; nothing from test/" },
];

const RUNTIME_EXTENSIONS = new Set(['.ts', '.tsx', '.js', '.cjs', '.mjs', '.cts', '.mts']);

/** "preload/contract" for ../../preload/contract.ts imported from renderer/src/x.ts */
function repoModulePath(fromFile, source) {
  let path = relative(repoRoot, resolve(dirname(fromFile), source)).split(sep).join('/');
  if (RUNTIME_EXTENSIONS.has(extname(path))) path = path.slice(0, -extname(path).length);
  return path.replace(/\/index$/, '');
}

/** "@aws-sdk/client-ssm" for "@aws-sdk/client-ssm/dist", "electron" for "electron/main" */
function packageName(source) {
  const parts = source.split('/');
  return source.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? source);
}

const NODE_BUILTINS = new Set(builtinModules);
function isNodeBuiltin(source) {
  return source.startsWith('node:') || NODE_BUILTINS.has(source) || NODE_BUILTINS.has(packageName(source));
}

/** @param {Boundary} boundary @returns {string | undefined} why `source` crosses it */
function violation(boundary, fromFile, source) {
  const relativeImport = source.startsWith('.') || source.startsWith('/');
  if (boundary.onlyPackages) {
    if (relativeImport || !boundary.onlyPackages.includes(packageName(source))) return `only ${boundary.onlyPackages.join(', ')}`;
    return undefined;
  }
  if (relativeImport && boundary.onlyModules) {
    const module = repoModulePath(fromFile, source);
    const allowed = boundary.onlyModules.some((m) => module === m || module.startsWith(`${m}/`));
    return allowed ? undefined : `not in the layer table for ${boundary.onlyModules[0]}/`;
  }
  if (relativeImport) {
    const module = repoModulePath(fromFile, source);
    if (boundary.allowModules?.includes(module)) return undefined;
    const folder = boundary.forbidFolders?.find((f) => module === f || module.startsWith(`${f}/`));
    return folder === undefined ? undefined : `nothing from ${folder}/`;
  }
  if (boundary.forbidNodeBuiltins && isNodeBuiltin(source)) return 'no Node built-ins';
  if (boundary.forbidPackages?.includes(packageName(source))) return `no ${packageName(source)}`;
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const importBoundaryRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps each folder to the imports its runtime allows (docs/architecture.md)' },
    schema: [{ type: 'object' }],
    messages: { crossing: "'{{source}}' crosses a boundary ({{rule}}): {{why}}." },
  },
  create(context) {
    /** @type {Boundary} */
    const boundary = context.options[0];
    /** @param {any} node a string Literal naming a module, or anything else (ignored) */
    const check = (node) => {
      if (node?.type !== 'Literal' || typeof node.value !== 'string') return;
      const rule = violation(boundary, context.filename, node.value);
      if (rule) context.report({ node, messageId: 'crossing', data: { source: node.value, rule, why: boundary.why } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      // require('x'), and `import x = require('x')` in TypeScript
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node.arguments[0]);
      },
      /** @param {any} node */
      TSExternalModuleReference: (node) => check(node.expression),
      // type-only import('x').T
      /** @param {any} node */
      TSImportType: (node) => check(node.argument?.literal ?? node.source),
    };
  },
};

// Plain-JS files (scripts/, bin/, this file) run in Node: the globals of the Node running ESLint.
const nodeGlobals = Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly']));

export default tseslint.config(
  {
    ignores: ['dist/', 'release/', 'node_modules/', 'test/fixtures/lint/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // The two classic hook rules; the React Compiler rules of the plugin's recommended set
    // only pay off once the renderer is built with the compiler.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // imports: what a folder's runtime allows (the first table); layers: who may import whom (the second).
    plugins: { boundaries: { rules: { imports: importBoundaryRule, layers: importBoundaryRule } } },
  },
  ...boundaries.map(({ files, ignores, boundary }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: { 'boundaries/imports': ['error', boundary] },
  })),
  ...layers.map(({ layer, files, may, why }) => ({
    files,
    rules: { 'boundaries/layers': ['error', /** @type {Boundary} */ ({ why, onlyModules: [layer, ...may] })] },
  })),
);
