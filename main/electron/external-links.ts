// The app's one way out to the browser: only allowlisted links (contract externalLinkAllowlist),
// checked here as well as in the daemon's openExternal handler, so no other path can reach shell.
import { shell } from 'electron';
import { isAllowedExternalUrl } from '../../preload/contract';

export async function openAllowedExternal(url: string): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  return shell.openExternal(url).then(
    () => true,
    () => false,
  );
}
