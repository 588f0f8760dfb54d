import type { BrokerSettings, BrokerSettingsInput, BrokerStatus } from '../../core/contract/index.js';
import { t } from '../i18n/i18n.svelte.js';

/** What the broker form edits in the open; the password is write-only and kept apart. */
export type BrokerFields = Omit<BrokerSettingsInput, 'password'>;

export const blankFields = (): BrokerFields => ({ url: '', username: '', caFile: '', certFile: '', keyFile: '', clientId: '' });

export function fieldsOf(s: BrokerSettings): BrokerFields {
  return { url: s.url, username: s.username, caFile: s.caFile, certFile: s.certFile, keyFile: s.keyFile, clientId: s.clientId };
}

/**
 * The password to send: undefined keeps the saved one (core never sends it back),
 * an empty string removes it, anything typed replaces it.
 */
export function passwordInput(typed: string, remove: boolean, locked: boolean): string | undefined {
  if (locked) return undefined;
  if (remove) return '';
  return typed === '' ? undefined : typed;
}

/**
 * What core would accept but the broker would not, said before sending: MQTT sends
 * a password only with a username, and a connection with one alone never comes up.
 */
export function formProblem(f: BrokerFields, password: string | undefined, hasPassword: boolean): string | null {
  const sendsPassword = password === undefined ? hasPassword : password !== '';
  return sendsPassword && !f.username.trim() ? t('admin.broker.needsUsername') : null;
}

/** Asked before saving: every console served by this host follows the new setting. */
export function confirmText(url: string): string {
  const u = url.trim();
  return u ? t('admin.broker.reconnectTo', { url: u }) : t('admin.broker.reconnectEmbedded');
}

/** "Connected · embedded broker · MQTT 3.1.1": the live connection in a few words. */
export function connectionText(b: BrokerStatus): string {
  const parts = [t(`admin.broker.state.${b.state}`), t(b.kind === 'embedded' ? 'admin.broker.embedded' : 'admin.broker.site')];
  if (b.protocolVersion) parts.push(b.protocolVersion === 5 ? 'MQTT 5' : 'MQTT 3.1.1');
  return parts.join(' · ');
}
