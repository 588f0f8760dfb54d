// The last step of `npm run build` (and of `npm start`'s build): the embedded database a first
// start copies (db/template.ts). Made again only when the migrations or PGlite changed.
import { makeTemplate, TEMPLATE_DIR } from './template.js';

const t0 = performance.now();
const made = await makeTemplate();
process.stdout.write(made ? `Made the new database's template in ${TEMPLATE_DIR} (${Math.round(performance.now() - t0)} ms).\n` : '');
