// Where the built renderer lives in a checkout or an installed package (`npm run build` writes it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const RENDERER_ROOT = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

export const rendererIsBuilt = (): boolean => existsSync(`${RENDERER_ROOT}/index.html`);
