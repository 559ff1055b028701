// VS Code-style validated IPC, step one: who is calling. Only the app's own window, from its main
// frame, showing the app's own bundle (app://bundle/…) or the dev server in development, may call
// the daemon. A navigated-away frame, an iframe or a foreign page gets nothing.
// Plain logic with structural types, so it is tested without the Electron binary.

/** The parts of Electron's WebFrameMain the guard reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/** The parts of an IpcMainInvokeEvent the guard reads. */
export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameLike | null;
}

/** The scheme and host the packaged renderer is served from (see app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** "scheme://host[:port]" of a URL, also for custom schemes (whose WHATWG origin is "null"). */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}

export interface TrustPolicy {
  /** webContents ids of the app's own windows. */
  trustedContents: ReadonlySet<number>;
  /** Origins the renderer may be loaded from: APP_ORIGIN, plus the dev server when not packaged. */
  trustedOrigins: ReadonlySet<string>;
}

export function isTrustedSender(event: InvokeEventLike, policy: TrustPolicy): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (!policy.trustedContents.has(event.sender.id)) return false;
  const origin = originOf(frame.url);
  return origin !== null && policy.trustedOrigins.has(origin);
}
