// Settings → Retention and archiving: its words, from the admin catalog in the operator's language.
import type { ArchiveRun, RetentionSubject } from '../../core/contract/index.js';
import { num as localNum, t } from '../i18n/i18n.svelte.js';

/** A number as the English text always had it (no thousands separators), in the locale's decimals. */
const num = (n: number, o: Intl.NumberFormatOptions = {}) => localNum(n, { useGrouping: false, ...o });
/** A number with `digits` decimals as toFixed rounds it (the English text always had it so), with the locale's decimal mark. */
const fixed = (v: number, digits: number) => v.toFixed(digits).replace('.', num(0.5).charAt(1));


const period = (days: number) =>
  days >= 365
    ? t('admin.retention.periodYears', { days: num(days), years: fixed(days / 365.25, 1) })
    : t('admin.retention.period', { days: num(days) });

const run = (r: ArchiveRun) => !r.ok ? t('admin.retention.runFailed', { error: String(r.error) })
  : [r.records ? t('admin.retention.runRecords', { n: num(Object.values(r.records.counts).reduce((a, b) => a + b, 0)), file: r.records.file }) : t('admin.retention.noRecords'),
    r.audit ? t('admin.retention.runAudit', { first: r.audit.firstSeq, last: r.audit.lastSeq, file: r.audit.file }) : t('admin.retention.noAudit')].join('; ');

// Getters: each read asks the catalog, so a template redraws on a language switch.
export const retentionWords = {
  get title() { return t('admin.retention.title'); },
  get intro() { return t('admin.retention.intro'); },
  subject: (s: RetentionSubject) => t(`admin.retention.subject.${s}`),
  get everySite() { return t('admin.retention.everySite'); },
  get days() { return t('admin.retention.days'); },
  period,
  get siteRule() { return t('admin.retention.siteRule'); },
  get site() { return t('admin.retention.site'); },
  get what() { return t('admin.retention.what'); },
  get removeHint() { return t('admin.retention.removeHint'); },
  get save() { return t('admin.retention.save'); },
  get saved() { return t('admin.retention.saved'); },
  get schedule() { return t('admin.retention.schedule'); },
  get enabled() { return t('admin.retention.enabled'); },
  get folder() { return t('admin.retention.folder'); },
  get folderHint() { return t('admin.retention.folderHint'); },
  get everyHours() { return t('admin.retention.everyHours'); },
  get auditDays() { return t('admin.retention.auditDays'); },
  get records() { return t('admin.retention.records'); },
  get saveSchedule() { return t('admin.retention.saveSchedule'); },
  get scheduleSaved() { return t('admin.retention.scheduleSaved'); },
  get archiveNow() { return t('admin.retention.archiveNow'); },
  get running() { return t('admin.retention.running'); },
  get last() { return t('admin.retention.last'); },
  get never() { return t('admin.retention.never'); },
  run,
};
