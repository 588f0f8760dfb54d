import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Three layers, each runnable alone: `npm run test:unit`, `test:db`, `test:e2e`.
// Vitest's default on two cores is one worker. The unit and database tests spend much of their time
// waiting (PGlite's thread, PostgreSQL, brokers, simulated vehicles), so they run two at a time there;
// with more cores, as many as vitest would. The end-to-end stories run one at a time.
const workers = availableParallelism() > 1 ? Math.max(2, availableParallelism() - 1) : 1;
export default defineConfig({
  root: resolve(import.meta.dirname, '..'),
  test: {
    projects: [
      {
        extends: true,
        // The renderer's managers (`*.svelte.ts`) use runes: compiled as the app compiles them.
        plugins: [svelte({ configFile: false })],
        test: {
          name: 'unit',
          maxWorkers: workers,
          include: ['{core,db,electron,renderer}/**/*.test.ts', 'tests/layering/**/*.test.ts', 'tests/vda5050/**/*.test.ts'],
          environment: 'node',
          // Some unit tests start an in-memory PGlite (a few seconds of WebAssembly initdb).
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        // A few database tests check the renderer's words for what core returns (`*.svelte.ts` again).
        plugins: [svelte({ configFile: false })],
        test: {
          name: 'db',
          maxWorkers: workers,
          include: ['tests/db/**/*.test.ts', 'tests/mqtt/**/*.test.ts'],
          globalSetup: ['tests/db/postgres-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        // The Electron stories call the core through the renderer's own client (`*.svelte.ts` again).
        plugins: [svelte({ configFile: false })],
        test: {
          name: 'e2e',
          globalSetup: ['tests/db/postgres-setup.ts'],
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
          // A page on a busy machine (CI with other work, load 8 and more) may take seconds to show what a
          // click did: a condition is waited for up to 15 s unless the test says otherwise.
          expect: { poll: { timeout: 15_000, interval: 100 } },
        },
      },
    ],
  },
});
