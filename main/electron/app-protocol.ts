// Serves the built renderer on app://bundle/ rather than file://: a standard, secure scheme gives
// the page a real origin (so CSP 'self', ES modules and the sender check work without the file://
// extra privileges the grantFileProtocolExtraPrivileges fuse turns off), and only files under
// dist/renderer are reachable (static-files.ts, shared with the web mode).
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { SECURITY_HEADERS } from '../daemon/web/csp';
import { contentTypeFor, resolveBuiltFile } from '../daemon/web/static-files';
import { APP_HOST, APP_SCHEME } from './sender-guard';

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRendererOnAppScheme(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST && request.method === 'GET' ? resolveBuiltFile(root, url.pathname) : null;
    const body = file ? await readFile(file).catch(() => null) : null;
    if (!file || !body) return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
    return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(file) ?? 'application/octet-stream' } });
  });
}
