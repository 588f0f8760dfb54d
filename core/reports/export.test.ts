// ExcelJS loads at the first XLSX, not with the core: loading it took 0.4 s of every start (issue 17);
// nor does the core load pg, which only a central database needs (db/postgres.ts).
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { childScriptResult } from '../child-script.js';

it('the core loads without ExcelJS or pg, and the first XLSX loads ExcelJS', async () => {
  const here = import.meta.dirname;
  const script = `
    import { createRequire } from 'node:module';
    const loaded = (name = 'exceljs') => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes(\`/node_modules/\${name}/\`));
    await import(${JSON.stringify(resolve(here, '../boot.ts'))});
    const withCore = loaded();
    const pgWithCore = loaded('pg');
    const { reportFile } = await import(${JSON.stringify(resolve(here, 'export.ts'))});
    const file = await reportFile({ kind: 'transports', title: 'T', from: '2026-01-01', to: '2026-01-02', timeZone: 'UTC', generatedAt: '2026-01-02T00:00:00.000Z', lang: 'en', tables: [] }, 'xlsx');
    console.log(JSON.stringify({ withCore, pgWithCore, afterXlsx: loaded(), zip: Buffer.from(file.base64, 'base64').subarray(0, 2).toString() }));
  `;
  expect(await childScriptResult(script)).toEqual({ withCore: false, pgWithCore: false, afterXlsx: true, zip: 'PK' });
});
