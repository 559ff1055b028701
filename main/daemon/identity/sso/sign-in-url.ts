// Which URLs the daemon opens in the user's browser for a sign-in. They come from the daemon's own
// authorize URL and from IAM Identity Center's StartDeviceAuthorization answer, not from remote
// output, so they are not the contract's link allowlist; still, only these open: the OIDC
// endpoint's own origin (the authorize page, an endpoint override's device page), or https on an
// AWS sign-in host (device.sso.<region>.amazonaws.com, <directory>.awsapps.com and the China
// partition's), with no credentials in the URL.
const AWS_SIGN_IN_HOST = /(^|\.)(amazonaws\.com|amazonaws\.com\.cn|awsapps\.com|awsapps\.cn)$/;

export function isSignInUrl(raw: string, oidcBase: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password || /[\s\\]/.test(raw)) return false;
  const base = new URL(oidcBase);
  if (url.origin === base.origin) return true;
  return url.protocol === 'https:' && AWS_SIGN_IN_HOST.test(url.hostname);
}
