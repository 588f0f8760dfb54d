// Settings → Backup: its words, from the admin catalog in the operator's language.
import { num, t, tDynamic } from '../i18n/i18n.svelte.js';

/** A number with `digits` decimals as toFixed rounds it (the English text always had it so), with the locale's decimal mark. */
const fixed = (v: number, digits: number) => v.toFixed(digits).replace('.', num(0.5).charAt(1));
const mb = (bytes: number | null) => (bytes === null ? '' : `${fixed(bytes / 1e6, 1)} MB`);
/** A backup run's kind in words: "command line" for command_line. */
const kindWords = (kind: string) => tDynamic(`admin.backup.kind.${kind}`, kind.replace('_', ' '));

// Getters: each read asks the catalog, so a template redraws on a language switch.
export const backupWords = {
  get title() { return t('admin.backup.title'); },
  get keyWarning() { return t('admin.backup.keyWarning'); },
  get lastSuccess() { return t('admin.backup.lastSuccess'); },
  get lastFailure() { return t('admin.backup.lastFailure'); },
  get never() { return t('admin.backup.never'); },
  get none() { return t('admin.backup.none'); },
  get folder() { return t('admin.backup.folder'); },
  get folderHint() { return t('admin.backup.folderHint'); },
  get passphrase() { return t('admin.backup.passphrase'); },
  get passphraseHint() { return t('admin.backup.passphraseHint'); },
  get now() { return t('admin.backup.now'); },
  /** The phase to show before core names one. */
  get starting() { return t('admin.backup.starting'); },
  running: (phase: string) => t('admin.backup.running', { phase }),
  written: (file: string, bytes: number | null) => t('admin.backup.written', { file, size: mb(bytes) }),
  failed: (error: string | null) => t('admin.backup.failed', { error: error ?? t('admin.backup.noReason') }),
  get schedule() { return t('admin.backup.schedule'); },
  get enabled() { return t('admin.backup.enabled'); },
  get everyHours() { return t('admin.backup.everyHours'); },
  get keep() { return t('admin.backup.keep'); },
  schedulePassphraseHint: (hasKeys: boolean) => t(hasKeys ? 'admin.backup.hintHasKeys' : 'admin.backup.hintNoKeys'),
  get saveSchedule() { return t('admin.backup.saveSchedule'); },
  get scheduleSaved() { return t('admin.backup.scheduleSaved'); },
  get recent() { return t('admin.backup.recent'); },
  get keys() { return t('admin.backup.keys'); },
  get rotate() { return t('admin.backup.rotate'); },
  get rotateConfirm() { return t('admin.backup.rotateConfirm'); },
  get rotateYes() { return t('admin.backup.rotateYes'); },
  get cancel() { return t('admin.backup.cancel'); },
  rotated: (n: number) => t('admin.backup.rotated', { n: num(n, { useGrouping: false }) }),
  run: (ok: boolean, kind: string, file: string | null, bytes: number | null, includesKey: boolean, error: string | null) =>
    ok
      ? t(includesKey ? 'admin.backup.runWithKeys' : 'admin.backup.runWithoutKeys', { kind: kindWords(kind), file: String(file), size: mb(bytes) })
      : t('admin.backup.runFailed', { kind: kindWords(kind), error: String(error) }),
};
