// How sessions end, as the service and the agent say it: channel_closed's reason (§9), the
// EXIT_CODE text (§8.1), and which ResumeSession failures mean "renew credentials" or "gone".

/** channel_closed's Output, or the plugin's default text (§9). */
export function channelClosedReason(payload: Buffer, sessionId: string): string {
  try {
    const body = JSON.parse(payload.toString('utf8')) as { Output?: unknown };
    if (typeof body.Output === 'string' && body.Output.trim() !== '') return body.Output.trim();
  } catch {
    // an unreadable body still closes the session
  }
  return `Exiting session with sessionId: ${sessionId}.`;
}

/** "EXIT_CODE: <n>" (§8.1). */
export function parseExitCode(data: Buffer): number {
  const match = /EXIT_CODE:\s*(-?\d+)/.exec(data.toString('utf8'));
  if (!match) throw new Error(`unreadable exit code "${data.toString('utf8').slice(0, 40)}"`);
  return Number(match[1]);
}

/** ResumeSession's answer for a session that was terminated or never existed: retrying cannot help. */
export function isGoneError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'DoesNotExistException';
}

export function isCredentialError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /ExpiredToken|UnrecognizedClient|InvalidClientTokenId|InvalidSignature|SignatureDoesNotMatch|RequestExpired|AccessDenied/.test(name);
}
