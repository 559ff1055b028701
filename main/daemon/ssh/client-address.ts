// This machine's public IPv4 address as AWS sees it, for /32 inbound rules. A configured address
// wins (tests, bastions, the sandbox's 127.0.0.1); otherwise AWS's own echo service is asked.
import { DaemonError } from '../errors';

const ECHO = 'https://checkip.amazonaws.com/';
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export async function clientAddress(configured?: string): Promise<string> {
  if (configured) return configured;
  try {
    const res = await fetch(ECHO, { signal: AbortSignal.timeout(5000) });
    const text = (await res.text()).trim();
    if (IPV4.test(text)) return text;
  } catch {
    // fall through to the error below
  }
  throw new DaemonError('Unreachable', 'Could not determine this machine\'s public IPv4 address (checkip.amazonaws.com).', 'Set the clientAddress setting to your public address.');
}
