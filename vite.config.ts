// Renderer build: renderer/index.html -> dist/renderer/. The renderer runs in a DOM (an
// Electron window or a browser tab): no Node polyfills, and relative asset URLs (base './')
// so the same files load under app://bundle/ in Electron and from the daemon's web mode.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // Electron 45 ships Chromium 140.
    target: 'chrome140',
    // The bundle loads from disk (Electron) or loopback (web mode), never over the internet,
    // so Vite's 500 kB download-size warning does not apply as such.
    chunkSizeWarningLimit: 2048,
  },
});
