import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';
import pkg from './package.json' with { type: 'json' };

// Without the Electron package (its binary download fails offline) electron-vite
// cannot read the version it targets; take it from the pinned optional dependency.
process.env.ELECTRON_MAJOR_VER ??= pkg.optionalDependencies.electron.split('.')[0];

// `npm run build`: main and preload for Electron, and the renderer that both hosts serve.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      // main.js keeps the window; core.js is the core's own process (electron/core-process.ts); host.js is the
      // browser host (`npm run serve`, and `npm start` without Electron), built so that it starts without compiling TypeScript;
      // template.js, run after the build, makes the embedded database a first start copies (db/template.ts).
      rollupOptions: {
        input: { main: resolve('electron/main.ts'), core: resolve('electron/core-process.ts'), host: resolve('core/host/cli.ts'), template: resolve('db/make-template.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require packages: bundle them, and emit CommonJS.
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve('electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    base: './',
    publicDir: false,
    plugins: [svelte()],
    build: {
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 1500,
      // Served to a browser as well as loaded by Electron: minified, as a web page would be.
      minify: true,
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});
