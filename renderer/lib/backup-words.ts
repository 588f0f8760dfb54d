// Settings → Backup: its words, in one catalogue (English).

const mb = (bytes: number | null) => (bytes === null ? '' : `${(bytes / 1e6).toFixed(1)} MB`);

export const backupWords = {
  title: 'Backup',
  keyWarning:
    'No backup that includes the secret key has been made yet. Without secret.key, residents\u2019 medical notes, emergency contacts, ' +
    'reporters\u2019 contacts and second factors are unreadable for good, even from a backup. Make one now, with a passphrase you keep somewhere safe.',
  lastSuccess: 'Last backup',
  lastFailure: 'Last failure',
  never: 'never',
  none: 'none',
  folder: 'Folder',
  folderHint: 'An absolute path on this console\u2019s machine, best on another disk.',
  passphrase: 'Passphrase for the keys',
  passphraseHint: 'Seals secret.key and the audit signing key inside the file. It is never stored: without it a restore cannot read sealed data.',
  now: 'Back up now',
  running: (phase: string) => `Backing up: ${phase}\u2026`,
  written: (file: string, bytes: number | null) => `Backup written: ${file} (${mb(bytes)}).`,
  failed: (error: string | null) => `The backup failed: ${error ?? 'no reason given'}.`,
  schedule: 'Scheduled backups',
  enabled: 'On',
  everyHours: 'Every (hours)',
  keep: 'Files kept',
  schedulePassphraseHint: (hasKeys: boolean) =>
    hasKeys ? 'The keys are sealed for scheduled backups. Give a passphrase only to seal them again.' : 'Needed once: the keys are sealed with it for every scheduled backup.',
  saveSchedule: 'Save schedule',
  scheduleSaved: 'Schedule saved.',
  recent: 'Recent backups',
  keys: 'Secret key',
  rotate: 'Rotate the secret key',
  rotateConfirm: 'Every sealed field is re-encrypted with a new key; the old key opens nothing afterwards. Backups made before now carry the old key: make a new one right after. Consoles sharing this database need the new secret.key. Rotate now?',
  rotateYes: 'Rotate',
  cancel: 'Cancel',
  rotated: (n: number) => `Key rotated: ${n} sealed values re-encrypted. Make a backup with the keys now.`,
  run: (ok: boolean, kind: string, file: string | null, bytes: number | null, includesKey: boolean, error: string | null) =>
    ok ? `${kind.replace('_', ' ')}: ${file} (${mb(bytes)})${includesKey ? ', with keys' : ', without keys'}` : `${kind.replace('_', ' ')} failed: ${error}`,
};
