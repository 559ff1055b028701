// @ts-check
// Lint for the whole repository (`npm run lint`). Besides the usual rules, it enforces the
// import boundaries of docs/architecture.md: the folder a file lives in says where it runs,
// and so what it may import. test/lint/boundaries.test.ts proves the boundaries hold.
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
    plugins: { boundaries: { rules: { imports: importBoundaryRule } } },
  },
  ...boundaries.map(({ files, ignores, boundary }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: { 'boundaries/imports': ['error', boundary] },
  })),
);
