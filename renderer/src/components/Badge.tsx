import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info' | 'accent';

export function Badge({ tone = 'neutral', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge tone-${tone}`} title={title}>
      {children}
    </span>
  );
}

/** GameLift statuses (fleet and compute) by how a user should feel about them. */
export function statusTone(status: string): Tone {
  const s = status.toUpperCase();
  if (s === 'ACTIVE' || s === 'RUNNING') return 'good';
  if (s === 'ERROR' || s === 'TERMINATED' || s === 'FAILED' || s === 'IMPAIRED') return 'bad';
  if (s === 'PENDING' || s === 'ACTIVATING' || s === 'BUILDING' || s === 'DOWNLOADING' || s === 'VALIDATING' || s === 'NEW' || s === 'TERMINATING') return 'warn';
  return 'neutral';
}
