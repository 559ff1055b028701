// The renderer's Content Security Policy, in one place: the web-mode server sends it as a header,
// the Electron app:// protocol sends it as a header, and renderer/index.html carries the same
// policy as a meta tag (test/renderer/csp.test.ts keeps the three in agreement).
// style-src needs 'unsafe-inline' because xterm.js writes <style> elements for its renderer;
// scripts stay 'self' only (no eval, no inline).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Headers for every response that carries renderer files. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=()',
  'Cache-Control': 'no-store',
};
