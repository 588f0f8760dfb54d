// A report as a file: CSV (every table, one after another) or XLSX (one sheet per table).
import type { Report, ReportFile, ReportTable, ReportValue } from '../contract/index.js';
import { reportWords } from './words.js';

/** A cell a spreadsheet would run as a formula is kept as text (CSV injection). */
const safe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

function csvCell(v: ReportValue): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const s = safe(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const csvTable = (t: ReportTable) =>
  [csvCell(t.title), t.columns.map((c) => csvCell(c.label)).join(','), ...t.rows.map((r) => t.columns.map((c) => csvCell(r[c.key] ?? null)).join(','))].join('\r\n');

export function reportCsv(r: Report): string {
  const head = csvCell(reportWords(r.lang)('head.title', { title: r.title, from: r.from, to: r.to, timeZone: r.timeZone }));
  return [head, ...r.tables.map(csvTable)].join('\r\n\r\n') + '\r\n';
}

export async function reportXlsx(r: Report): Promise<Buffer> {
  // Loaded at the first XLSX, not with the core: loading ExcelJS took 0.4 s of every start.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Watchfloor';
  book.created = new Date(r.generatedAt);
  const w = reportWords(r.lang);
  const about = book.addWorksheet(w('head.report'));
  about.addRows([[w('head.report'), r.title], [w('head.from'), r.from], [w('head.to'), r.to], [w('head.timeZone'), r.timeZone], [w('head.made'), r.generatedAt]]);
  about.getColumn(1).font = { bold: true };
  about.getColumn(2).width = 28;
  const used = new Set<string>([w('head.report')]);
  for (const t of r.tables) {
    // Sheet names: at most 31 characters, none of []:*?/\, unique.
    let name = t.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
    for (let i = 2; used.has(name); i++) name = `${name.slice(0, 28)} ${i}`;
    used.add(name);
    const sheet = book.addWorksheet(name);
    sheet.addRow(t.columns.map((c) => c.label)).font = { bold: true };
    for (const row of t.rows) sheet.addRow(t.columns.map((c) => { const v = row[c.key] ?? null; return typeof v === 'string' ? safe(v) : v; }));
    t.columns.forEach((c, i) => (sheet.getColumn(i + 1).width = Math.min(40, Math.max(10, c.label.length + 2))));
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

export async function reportFile(r: Report, format: 'csv' | 'xlsx'): Promise<ReportFile> {
  const base = `watchfloor-${r.kind}-${r.from}-to-${r.to}`;
  const bytes = format === 'csv' ? Buffer.from(reportCsv(r), 'utf8') : await reportXlsx(r);
  return {
    name: `${base}.${format}`,
    mime: format === 'csv' ? 'text/csv;charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: bytes.toString('base64'),
    bytes: bytes.length,
  };
}
