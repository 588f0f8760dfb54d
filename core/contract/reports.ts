// After-action reports: a date range in site time, filters, tables and charts, exported as CSV or XLSX.
import { z } from 'zod';
import { own } from './errors/index.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, own('input.day'));

/** The longest range one report covers. */
export const REPORT_MAX_DAYS = 366;
/** A transport is on time when picked up at most this long after it was requested for. */
export const ON_TIME_MINUTES = 10;

/** The language a report's titles and column names are in (the operator's). */
export const ReportLanguage = z.enum(['en', 'nl']);
export type ReportLanguage = z.infer<typeof ReportLanguage>;

/** From and to are whole days in the site's time zone, both included. */
const range = { siteId: z.string().uuid(), from: Day, to: Day, lang: ReportLanguage.default('en') };

export const ResponseReportInput = z.object({
  ...range,
  groupBy: z.enum(['priority', 'agency', 'type']).default('priority'),
  priorities: z.array(z.number().int().min(1).max(5)).max(5).optional(),
  type: z.string().trim().min(1).max(100).optional(),
});
export const TransportReportInput = z.object({
  ...range,
  groupBy: z.enum(['vehicle', 'ward', 'hour']).default('vehicle'),
  vehicleId: z.string().uuid().optional(),
  ward: z.string().trim().min(1).max(200).optional(),
});
export const FleetReportInput = z.object({ ...range, vehicleId: z.string().uuid().optional() });
export const CityReportInput = z.object({
  ...range,
  groupBy: z.enum(['category', 'status', 'age']).default('category'),
  category: z.string().trim().min(1).max(64).optional(),
  status: z.enum(['open', 'in_progress', 'closed']).optional(),
});

export const ReportKind = z.enum(['response', 'transports', 'fleet', 'city']);
export type ReportKind = z.infer<typeof ReportKind>;
export const ExportFormat = z.enum(['csv', 'xlsx']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export type ReportValue = string | number | null;
export interface ReportColumn { key: string; label: string }
export interface ReportTable { id: string; title: string; columns: ReportColumn[]; rows: Record<string, ReportValue>[] }
export interface ReportChart {
  title: string;
  /** Bars for groups, a line for a series over time. */
  kind: 'bar' | 'line';
  xLabel: string;
  x: string[];
  series: { label: string; values: (number | null)[] }[];
}
export interface Report {
  kind: ReportKind;
  title: string;
  /** The language of its words (titles, column and series names). */
  lang: ReportLanguage;
  /** The range as asked, in the site's zone. */
  from: string;
  to: string;
  timeZone: string;
  generatedAt: string;
  tables: ReportTable[];
  charts: ReportChart[];
}

/** A file made on the console: its name, type and bytes (base64 over tRPC). */
export interface ReportFile { name: string; mime: string; base64: string; bytes: number }
