// The forward dialog's fields → an openForward input, checked with the contract's own schema so
// the dialog and the daemon agree on what is valid; messages are per field, in plain words.
import { methods, type ConnectApi, type Target } from '../../preload/contract';

export type ForwardField = 'remotePort' | 'localPort' | 'remoteHost';

/** Field values → the openForward input, with per-field messages from the contract schema. */
export function parseForward(
  target: Pick<Target, 'fleetId' | 'computeName'>,
  values: Record<ForwardField, string>,
): { ok: true; input: Parameters<ConnectApi['openForward']>[0] } | { ok: false; errors: Partial<Record<ForwardField, string>> } {
  const number = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text.trim() === '' ? undefined : NaN);
  const candidate = {
    fleetId: target.fleetId,
    computeName: target.computeName,
    remotePort: number(values.remotePort),
    ...(values.localPort.trim() ? { localPort: number(values.localPort) } : {}),
    ...(values.remoteHost.trim() ? { remoteHost: values.remoteHost.trim() } : {}),
  };
  const parsed = methods.openForward.input.safeParse(candidate);
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: Partial<Record<ForwardField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (field === 'remotePort' || field === 'localPort') errors[field] ??= 'Enter a port from 1 to 65535.';
    else if (field === 'remoteHost') errors[field] ??= 'Enter a host name or IPv4 address (letters, digits, dots, dashes).';
  }
  if (candidate.remotePort === undefined) errors.remotePort = 'Which port on the compute? Enter a port from 1 to 65535.';
  return { ok: false, errors };
}

