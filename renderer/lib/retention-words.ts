// Settings → Retention and archiving: its words, in one catalogue (English).
import type { ArchiveRun, RetentionSubject } from '../../core/contract/index.js';

const subjects: Record<RetentionSubject, string> = {
  incidents: 'Closed incidents', cases: 'Closed cases (tickets, requests, reports)', missions: 'Finished missions',
  alerts: 'Handled alerts', sessions: 'Ended sessions',
};
const years = (days: number) => (days >= 365 ? ` (${(days / 365.25).toFixed(1)} years)` : '');

export const retentionWords = {
  title: 'Retention and archiving',
  intro: 'How long records are kept. Closed incidents, cases and missions past their period go to an archive file and leave the live database; handled alerts and ended sessions are deleted (the audit log keeps what happened).',
  subject: (s: RetentionSubject) => subjects[s],
  everySite: 'Every site',
  days: 'Days',
  period: (days: number) => `${days} days${years(days)}`,
  siteRule: 'A site\u2019s own period',
  site: 'Site',
  what: 'Records',
  removeHint: 'Leave the days empty to remove a site\u2019s own period (the default applies again).',
  save: 'Save period',
  saved: 'Period saved.',
  schedule: 'Archiving on a schedule',
  enabled: 'On',
  folder: 'Archive folder',
  folderHint: 'An absolute path on this console\u2019s machine. Records go to records-<time>.jsonl, audit entries to audit-<first>-<last>.jsonl with its manifest; keep the files: audit:verify proves the whole history with them.',
  everyHours: 'Every (hours)',
  auditDays: 'Archive audit entries older than (days)',
  records: 'Archive closed records past their period',
  saveSchedule: 'Save schedule',
  scheduleSaved: 'Schedule saved.',
  archiveNow: 'Archive now',
  running: 'Archiving\u2026',
  last: 'Last archive',
  never: 'never',
  run: (r: ArchiveRun) => !r.ok ? `failed: ${r.error}`
    : [r.records ? `${Object.values(r.records.counts).reduce((a, b) => a + b, 0)} records to ${r.records.file}` : 'no records due',
      r.audit ? `audit entries ${r.audit.firstSeq}\u2013${r.audit.lastSeq} to ${r.audit.file}` : 'no audit entries due'].join('; '),
};
