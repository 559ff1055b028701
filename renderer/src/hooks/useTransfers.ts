import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectApi, MethodOutput } from '../../../preload/contract';
import { toConnectError, type ConnectError } from '../api/errors';
import { RateMeter, toBase64 } from '../files-format';

/** Bytes per stageUpload call: the daemon's limit (512 KiB), whose base64 fits a 1 MiB API frame. */
const CHUNK_BYTES = 512 * 1024;

/** Where a transfer runs: a compute, and for a container fleet which side of it. */
export interface FilesTarget {
  fleetId: string;
  computeName: string;
  shellIn?: 'host' | 'container';
  /** SDK 4: the user allowed opening the SSH port for this machine's address (after PortClosed). */
  openInboundPort?: boolean;
}

export interface Transfer {
  id: string;
  kind: 'download' | 'upload' | 'diagnostics';
  /** What the row is called: the file's name. */
  name: string;
  target: FilesTarget;
  /** 'sending': a dropped file's bytes going to the daemon (web mode), before the copy to the compute. */
  state: 'sending' | 'running' | 'done' | 'failed' | 'cancelled';
  bytes: number;
  /** 0 while unknown (diagnostics). */
  total: number;
  rate: number | null;
  /** Where a download or diagnostics archive was saved (the daemon's words: its path). */
  path?: string;
  error?: ConnectError;
  /** Starts the same transfer again, allowing the file there to be replaced. */
  overwrite?: () => void;
}

/** Electron's preload gives a dropped File's path (webUtils.getPathForFile); a browser tab has no such thing. */
type FileBridge = { pathForFile?: (file: File) => string };
const localPathOf = (file: File): string => {
  const bridge = (window as unknown as { gameliftConnect?: FileBridge }).gameliftConnect;
  try {
    return typeof bridge?.pathForFile === 'function' ? bridge.pathForFile(file) : '';
  } catch {
    return '';
  }
};

const newId = () => `win-${crypto.randomUUID()}`;
type Result = MethodOutput<'downloadFile'>;

/**
 * The window's file transfers, newest first: each started here, fed by transferProgress events
 * (rate over the last seconds, for the ETA), cancellable, and kept after its end with its outcome.
 */
export function useTransfers(api: ConnectApi) {
  const [transfers, setTransfers] = useState<Transfer[]>([]);
  const meters = useRef(new Map<string, RateMeter>());
  const cancelled = useRef(new Set<string>());

  const update = useCallback((id: string, change: (t: Transfer) => Partial<Transfer>) => {
    setTransfers((all) => all.map((t) => (t.id === id ? { ...t, ...change(t) } : t)));
  }, []);

  const progress = useCallback(
    (id: string, bytes: number, total: number) => {
      const meter = meters.current.get(id);
      if (!meter) return;
      meter.add(performance.now(), bytes);
      update(id, (t) => (t.state === 'sending' || t.state === 'running' ? { bytes, total: total || t.total, rate: meter.rate() } : {}));
    },
    [update],
  );

  useEffect(() => api.on('transferProgress', ({ transferId, bytes, total }) => progress(transferId, bytes, total)), [api, progress]);

  /** Runs one transfer under a fresh ID and records how it ended. */
  const run = (kind: Transfer['kind'], name: string, target: FilesTarget, total: number, work: (id: string) => Promise<Result>, retry?: () => void) => {
    const id = newId();
    meters.current.set(id, new RateMeter());
    setTransfers((all) => [{ id, kind, name, target, state: 'running', bytes: 0, total, rate: null }, ...all]);
    void work(id).then(
      (result) => update(id, (t) => ({ state: 'done', bytes: result.bytes, total: result.bytes || t.total, path: result.path })),
      (caught: unknown) => {
        const error = toConnectError(caught);
        update(id, () =>
          cancelled.current.has(id) ? { state: 'cancelled' } : { state: 'failed', error, ...(retry ? { overwrite: retry } : {}) },
        );
      },
    ).finally(() => meters.current.delete(id));
    return id;
  };

  const shell = (target: FilesTarget) => ({
    ...(target.shellIn ? { shellIn: target.shellIn } : {}),
    ...(target.openInboundPort ? { openInboundPort: true } : {}),
  });

  const download = (target: FilesTarget, remotePath: string, size: number, overwrite = false): void => {
    const name = remotePath.slice(remotePath.lastIndexOf('/') + 1);
    run('download', name, target, size, (transferId) =>
      api.downloadToFolder({ fleetId: target.fleetId, computeName: target.computeName, remotePath, transferId, ...shell(target), ...(overwrite ? { overwrite } : {}) }),
      overwrite ? undefined : () => download(target, remotePath, size, true),
    );
  };

  /** A dropped file into a remote folder: by its path where the desktop app gives one, else its bytes staged with the daemon. */
  const upload = (target: FilesTarget, remoteDir: string, file: File, overwrite = false, onDone?: () => void): void => {
    const remotePath = remoteDir.endsWith('/') ? remoteDir : `${remoteDir}/`;
    const common = { fleetId: target.fleetId, computeName: target.computeName, remotePath, ...shell(target), ...(overwrite ? { overwrite } : {}) };
    const localPath = localPathOf(file);
    run('upload', file.name, target, file.size, async (transferId) => {
      const result = localPath ? await api.uploadFile({ ...common, localPath, transferId }) : await sendThenUpload(transferId);
      onDone?.();
      return result;
    }, overwrite ? undefined : () => upload(target, remoteDir, file, true, onDone));

    async function sendThenUpload(transferId: string): Promise<Result> {
      update(transferId, () => ({ state: 'sending' }));
      // Staged under the transfer's own ID, so cancelTransfer also discards what was sent so far.
      const stagingId = transferId;
      let offset = 0;
      do {
        if (cancelled.current.has(transferId)) throw new Error('cancelled');
        const chunk = new Uint8Array(await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
        await api.stageUpload({ stagingId, name: file.name, offset, data: toBase64(chunk) });
        offset += chunk.length;
        progress(transferId, offset, file.size);
      } while (offset < file.size);
      if (cancelled.current.has(transferId)) throw new Error('cancelled');
      meters.current.set(transferId, new RateMeter());
      update(transferId, () => ({ state: 'running', bytes: 0, rate: null }));
      return api.uploadStaged({ ...common, stagingId, transferId });
    }
  };

  const collectDiagnostics = (target: FilesTarget): void => {
    run('diagnostics', `Diagnostics of ${target.computeName}`, target, 0, (transferId) =>
      api.collectDiagnostics({ fleetId: target.fleetId, computeName: target.computeName, transferId, ...shell(target) }),
    );
  };

  const cancel = (id: string): void => {
    cancelled.current.add(id);
    void api.cancelTransfer({ transferId: id }).catch(() => undefined);
  };

  /** Forgets a finished transfer's row. */
  const dismiss = (id: string) => setTransfers((all) => all.filter((t) => t.id !== id || t.state === 'sending' || t.state === 'running'));

  return { transfers, download, upload, collectDiagnostics, cancel, dismiss };
}
