// The pages a person sees when signing in: /authorize (the authorization-code flow: sign in, then
// Allow or Deny) and /device (the device flow: the user code, prefilled from
// verificationUriComplete, then sign in and Allow or Deny). Plain HTML forms, no scripts, no
// external assets; the only style is inline and allowed by its hash in a strict CSP.
import { createHash } from 'node:crypto';
import type { HttpReply } from './http-server';

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#16191f}
h1{font-size:1.5rem}label{display:block;margin-top:1rem;font-weight:600}
input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
.actions{margin-top:1.5rem;display:flex;gap:1rem}button{font:inherit;padding:.5rem 1.5rem;cursor:pointer}
.error{color:#d13212;font-weight:600}.note{color:#545b64}`;
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An HTML reply; `formTargets` are the origins a form may post or be redirected to (form-action). */
export function page(status: number, title: string, body: string, formTargets: string[] = []): HttpReply {
  const csp = [
    "default-src 'none'",
    `style-src 'sha256-${STYLE_HASH}'`,
    `form-action 'self' ${formTargets.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' },
    body: html,
  };
}

const errorLine = (error: string | undefined) => (error ? `<p class="error" role="alert">${escape(error)}</p>` : '');

const signInFields = (userName: string) => `<label for="userName">User name</label>
<input id="userName" name="userName" autocomplete="username" required value="${escape(userName)}">`;

const decisionButtons = `<div class="actions"><button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button></div>`;

export interface AuthorizePageFields {
  requestId: string;
  clientName: string;
  scopes: string[];
  startUrl: string;
  redirectOrigin: string;
  userName?: string;
  error?: string;
}

export function authorizePage(f: AuthorizePageFields): HttpReply {
  const body = `<h1>Allow ${escape(f.clientName)} to access your data?</h1>
<p class="note">Signing in to <strong>${escape(f.startUrl)}</strong> (emulated IAM Identity Center). The application asks for: ${escape(f.scopes.join(', ') || 'sign-in only')}.</p>
${errorLine(f.error)}
<form method="post" action="/authorize">
<input type="hidden" name="request" value="${escape(f.requestId)}">
${signInFields(f.userName ?? '')}
${decisionButtons}
</form>`;
  return page(f.error ? 400 : 200, 'Sign in - IAM Identity Center', body, [f.redirectOrigin]);
}

export interface DevicePageFields {
  userCode: string;
  startUrl: string;
  userName?: string;
  error?: string;
}

export function devicePage(f: DevicePageFields): HttpReply {
  const body = `<h1>Authorize request</h1>
<p class="note">Signing in to <strong>${escape(f.startUrl)}</strong> (emulated IAM Identity Center). Check that the code matches the one your application shows.</p>
${errorLine(f.error)}
<form method="post" action="/device">
<label for="userCode">Code</label>
<input id="userCode" name="userCode" autocomplete="off" required value="${escape(f.userCode)}">
${signInFields(f.userName ?? '')}
${decisionButtons}
</form>`;
  return page(f.error ? 400 : 200, 'Authorize request - IAM Identity Center', body);
}

export function resultPage(approved: boolean): HttpReply {
  return approved
    ? page(200, 'Request approved', '<h1>Request approved</h1><p role="status">You can close this window and return to your application.</p>')
    : page(200, 'Request denied', '<h1>Request denied</h1><p role="status">The application was not given access. You can close this window.</p>');
}

export function errorPage(status: number, message: string): HttpReply {
  return page(status, 'Error - IAM Identity Center', `<h1>Something went wrong</h1><p class="error" role="alert">${escape(message)}</p>`);
}
