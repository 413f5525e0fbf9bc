import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('.', import.meta.url));

// The server's default address; `npm run dev` (the server) listens there while `vite` serves the UI.
const serverOrigin = 'http://127.0.0.1:8420';

export default defineConfig({
  root,
  // relative asset URLs: the UI works wherever the server mounts it
  base: './',
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // the UI runs on TVs and phones too; keep to what their browsers parse
    target: 'es2020',
    // video.js alone is ~700 kB minified: its own chunk, loaded from the local server when a title plays
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '/api': { target: serverOrigin, changeOrigin: false } },
  },
});
