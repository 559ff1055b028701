import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { ConnectApi, Fleet, MethodOutput, Target } from '../../../preload/contract';
import { toConnectError, type ConnectError } from '../api/errors';
import { breadcrumbs, childPath, formatModified, parentPath, sortEntries, type DirEntry } from '../files-format';
import { formatBytes } from '../format';
import { useListKeys } from '../hooks/useListKeys';
import { useRetryAfterSignInHere } from '../hooks/useSignIns';
import { useTask } from '../hooks/useTask';
import type { FilesTarget, useTransfers } from '../hooks/useTransfers';
import { ErrorNote } from './ErrorNote';
import { MiddleEllipsis } from './MiddleEllipsis';
import { TransferList } from './TransferList';

type Listing = MethodOutput<'listDirectory'>;
type Transfers = ReturnType<typeof useTransfers>;

const typeLabel: Record<DirEntry['type'], string> = { directory: 'Folder', file: 'File', symlink: 'Link', other: 'Other' };
/** Folders and links open in the list (a link may lead to a folder; if not, the daemon says so); files download. */
const opensInList = (e: DirEntry) => e.type === 'directory' || e.type === 'symlink';

/**
 * One compute's files: a folder listed (folders first), entered by double-click or Enter, left by
 * Up or the breadcrumb; a file downloaded into the daemon's downloads folder; files dropped on the
 * panel (or picked with Upload…) copied into the folder shown; the transfers with their progress.
 */
export function FilesPanel({ api, fleet, target, transfers, onClose }: { api: ConnectApi; fleet: Fleet; target: Target; transfers: Transfers; onClose: () => void }) {
  const [listing, setListing] = useState<Listing | null>(null);
  const [shellIn, setShellIn] = useState<'host' | 'container'>('container');
  // Set once the user allows it after a PortClosed answer: every later call on this compute asks the same.
  const [openPort, setOpenPort] = useState(false);
  const [dropping, setDropping] = useState(false);
  const [dropError, setDropError] = useState<ConnectError | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const list = useTask((path: string, openInboundPort: boolean, side: 'host' | 'container') =>
    api.listDirectory({
      fleetId: target.fleetId,
      computeName: target.computeName,
      path,
      ...(fleet.kind === 'container' ? { shellIn: side } : {}),
      ...(openInboundPort ? { openInboundPort } : {}),
    }),
  );
  const where: FilesTarget = {
    fleetId: target.fleetId,
    computeName: target.computeName,
    ...(fleet.kind === 'container' ? { shellIn } : {}),
    ...(openPort ? { openInboundPort: true } : {}),
  };

  const load = (path: string, openInboundPort = openPort, side = shellIn) =>
    void list.run(path, openInboundPort, side).then((r) => {
      if (r) setListing(r);
    });
  useEffect(() => {
    setListing(null);
    load('~');
  }, [target.fleetId, target.computeName, shellIn]); // eslint-disable-line react-hooks/exhaustive-deps

  const entries = listing ? sortEntries(listing.entries) : [];
  const here = listing?.path ?? '~';
  // A listing that waited in vain for an IAM Identity Center sign-in comes back by itself after it.
  useRetryAfterSignInHere(list.error, () => load(here));
  // An upload that ends later refreshes its folder only if that folder is still the one shown.
  const shown = useRef(here);
  shown.current = here;
  const openEntry = (entry: DirEntry) => {
    if (!listing) return;
    const path = childPath(listing.path, entry.name);
    if (opensInList(entry)) load(path);
    else transfers.download(where, path, entry.size);
  };
  const keys = useListKeys(entries.length, (i) => entries[i] && openEntry(entries[i]));
  useEffect(() => keys.select(0), [listing, keys.select]); // eslint-disable-line react-hooks/exhaustive-deps
  const active = entries[keys.active];

  const uploadAll = (files: FileList | null) => {
    setDropError(null);
    if (!listing || !files?.length) return;
    const dir = listing.path;
    for (const file of Array.from(files)) transfers.upload(where, dir, file, false, () => shown.current === dir && load(dir));
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDropping(false);
    if (!listing) {
      setDropError(toConnectError({ code: 'InvalidInput', message: 'Open a folder first: the dropped files go into the folder shown.' }));
      return;
    }
    uploadAll(event.dataTransfer.files);
  };
  const dragging = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDropping(true);
  };

  const portClosed = list.error?.code === 'PortClosed';
  return (
    <section
      className={`details files-panel${dropping ? ' dropping' : ''}`}
      aria-label={`Files on ${target.computeName}`}
      onDragOver={dragging}
      onDragEnter={dragging}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={onDrop}
    >
      <header className="details-header">
        <h3 className="subhead">
          Files on <MiddleEllipsis className="mono" text={target.computeName} />
        </h3>
        <span className="spacer" />
        {fleet.kind === 'container' ? (
          <select aria-label="Files of" value={shellIn} onChange={(e) => setShellIn(e.target.value as 'host' | 'container')}>
            <option value="container">Game server container</option>
            <option value="host">Host</option>
          </select>
        ) : null}
        <button type="button" className="ghost small" onClick={() => transfers.collectDiagnostics(where)} title="Logs, core files, processes, disk and memory of this compute, in one .tar.gz in your Downloads folder">
          Collect diagnostics
        </button>
        <button type="button" className="ghost small" onClick={() => load(here)} disabled={list.busy}>
          {list.busy ? 'Loading…' : 'Refresh'}
        </button>
        <button type="button" className="icon-button" aria-label="Close files" onClick={onClose}>
          ×
        </button>
      </header>
      <ErrorNote
        error={list.error}
        context="Could not list the folder"
        onDismiss={list.clearError}
        action={
          portClosed
            ? {
                label: 'Open it for my address',
                run: () => {
                  setOpenPort(true);
                  load(here, true);
                },
              }
            : undefined
        }
      />
      <ErrorNote error={dropError} onDismiss={() => setDropError(null)} />
      <nav className="files-path" aria-label="Folder path">
        <button type="button" className="small" onClick={() => load(parentPath(here))} disabled={!listing || here === '/'} aria-label="Up one folder">
          ↑ Up
        </button>
        {listing
          ? breadcrumbs(listing.path).map((crumb, i, all) => (
              <span key={crumb.path} className="crumb">
                {i > 1 ? <span className="dim">/</span> : null}
                <button type="button" className="link" aria-current={i === all.length - 1 ? 'location' : undefined} onClick={() => load(crumb.path)}>
                  {crumb.name}
                </button>
              </span>
            ))
          : null}
      </nav>
      <div
        className="list files-list"
        role="listbox"
        tabIndex={0}
        aria-label={`Folder ${here}`}
        aria-activedescendant={active ? fileRowId(keys.active) : undefined}
        onKeyDown={(e) => {
          if (e.key === 'Backspace' && listing && here !== '/') {
            e.preventDefault();
            load(parentPath(here));
            return;
          }
          keys.onKeyDown(e);
        }}
      >
        {entries.map((entry, i) => (
          <div
            key={entry.name}
            id={fileRowId(i)}
            role="option"
            aria-selected={i === keys.active}
            data-name={entry.name}
            data-type={entry.type}
            className={`file-row${i === keys.active ? ' active' : ''}`}
            onClick={() => keys.select(i)}
            onDoubleClick={() => openEntry(entry)}
          >
            <FileIcon type={entry.type} />
            <MiddleEllipsis className="name" text={entry.name} />
            <span className="size">{entry.type === 'directory' ? '' : formatBytes(entry.size)}</span>
            <span className="modified dim">{formatModified(entry.modifiedAt)}</span>
          </div>
        ))}
        {listing && entries.length === 0 && !list.busy ? <p className="empty">This folder is empty.</p> : null}
        {!listing && list.busy ? <p className="empty">Connecting to {target.computeName}…</p> : null}
      </div>
      {listing?.truncated ? <p className="help">Only the first {listing.entries.length} entries are listed.</p> : null}
      <footer className="files-actions">
        <span className="dim small-text">Drop files here to upload them into this folder · Enter opens a folder or downloads a file · Backspace goes up</span>
        <span className="spacer" />
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          aria-label="Files to upload"
          onChange={(e) => {
            uploadAll(e.target.files);
            e.target.value = '';
          }}
        />
        <button type="button" className="small" disabled={!listing} onClick={() => picker.current?.click()}>
          Upload…
        </button>
        {/* A link may lead to a file: Download fetches what it points to (SFTP and cat follow links). */}
        <button
          type="button"
          className="small primary"
          disabled={!listing || !active || active.type === 'directory'}
          onClick={() => listing && active && transfers.download(where, childPath(listing.path, active.name), active.size)}
        >
          Download
        </button>
      </footer>
      <TransferList api={api} transfers={transfers} fleetId={target.fleetId} computeName={target.computeName} />
    </section>
  );
}

const fileRowId = (index: number) => `file-row-${index}`;

/** Drawn, not an emoji: emoji fonts are missing on many Linux desktops. */
function FileIcon({ type }: { type: DirEntry['type'] }) {
  const shape =
    type === 'directory' ? (
      <path d="M1.5 3.5h4l1.5 1.5h7.5v8.5h-13z" />
    ) : type === 'symlink' ? (
      <>
        <path d="M3 1.5h6.5l3.5 3.5v9.5h-10z" />
        <path d="M5.5 11.5c0-3 1.5-4.5 4.5-4.5M8.5 5.5l1.5 1.5-1.5 1.5" />
      </>
    ) : (
      <path d="M3 1.5h6.5l3.5 3.5v9.5h-10zM9.5 1.5v3.5h3.5" />
    );
  return (
    <svg className={`file-type ${type}`} viewBox="0 0 16 16" width="16" height="16" role="img" aria-label={typeLabel[type]}>
      {shape}
    </svg>
  );
}
