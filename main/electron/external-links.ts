// The app's ways out to the browser: allowlisted links (contract externalLinkAllowlist), checked
// here as well as in the daemon's openExternal handler; and IAM Identity Center sign-in pages,
// which the daemon builds or gets from IAM Identity Center and checks itself (sign-in-url.ts).
import { shell } from 'electron';
import { isAllowedExternalUrl } from '../../preload/contract';

export async function openAllowedExternal(url: string): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  return shell.openExternal(url).then(
    () => true,
    () => false,
  );
}

/** An IAM Identity Center sign-in page the daemon checked (its OIDC endpoint or an AWS sign-in host), in the default browser. */
export async function openSignInPage(url: string): Promise<boolean> {
  if (!/^https?:\/\//.test(url)) return false;
  return shell.openExternal(url).then(
    () => true,
    () => false,
  );
}
