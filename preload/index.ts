// Placeholder entry (foundation, issue #2) so the build has a preload to bundle; the preload's
// owner replaces it with the bridge to preload/contract.ts.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('gameliftConnect', {});
