// The app's few remembered choices, as JSON in the user's app-data folder. Nothing secret.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ClosePreference } from './close-policy';

export interface Settings {
  closeTo: ClosePreference;
}

const DEFAULTS: Settings = { closeTo: null };

export function loadSettings(file: string): Settings {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<Settings>;
    return { closeTo: raw.closeTo === 'tray' || raw.closeTo === 'quit' ? raw.closeTo : null };
  } catch {
    return { ...DEFAULTS };
  }
}

export function saveSettings(file: string, settings: Settings): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
}
