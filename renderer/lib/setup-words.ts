// The first administrator's setup form: its words for the one-time setup code, from the admin catalog.
import { t } from '../i18n/i18n.svelte.js';

// Getters: each read asks the catalog, so a template redraws on a language switch.
export const setupWords = {
  get codeLabel() { return t('admin.setupCode.codeLabel'); },
  /** Under the field: where the person who started the console finds the code. */
  codeHint: (file: string | null) => (file ? t('admin.setupCode.codeHintFile', { file }) : t('admin.setupCode.codeHint')),
  /** Demo mode, signed out: the demo operator cannot manage users or settings; an administrator can. */
  get openInDemo() { return t('admin.setupCode.openInDemo'); },
  get backToSignIn() { return t('admin.setupCode.backToSignIn'); },
};
