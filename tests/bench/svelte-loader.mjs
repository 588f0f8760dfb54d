// Module hook registered by svelte-hooks.mjs: `*.svelte.ts` and `*.svelte.js`, compiled by Svelte after tsx.
import { fileURLToPath } from 'node:url';
import { compileModule } from 'svelte/compiler';

export async function load(url, context, nextLoad) {
  const loaded = await nextLoad(url, context);
  if (!/\.svelte\.[jt]s$/.test(new URL(url).pathname)) return loaded;
  const source = typeof loaded.source === 'string' ? loaded.source : new TextDecoder().decode(loaded.source);
  const { js } = compileModule(source, { filename: fileURLToPath(url), generate: 'server' });
  return { ...loaded, format: 'module', source: js.code, shortCircuit: true };
}
