// `npm run bench` loads modules of the renderer whose state uses Svelte's runes (`*.svelte.ts`, such as
// the words of renderer/i18n): after tsx strips their types, Svelte compiles them as the app's build does
// (for the server: plain values, no DOM), so benches in plain Node can import them.
import { register } from 'node:module';

register('./svelte-loader.mjs', import.meta.url);
