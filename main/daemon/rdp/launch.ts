// Picks the RDP launcher for this platform.
import { DaemonError } from '../errors';
import type { RdpLauncher } from './launcher';
import { launchLinuxRdp } from './linux';
import { launchMacRdp } from './macos';
import { launchMstsc } from './windows';

export function platformRdpLauncher(platform: NodeJS.Platform = process.platform): RdpLauncher {
  if (platform === 'win32') return launchMstsc;
  if (platform === 'darwin') return launchMacRdp;
  if (platform === 'linux') return launchLinuxRdp;
  return async () => {
    throw new DaemonError('Unsupported', `No RDP client launcher for ${platform}.`);
  };
}
