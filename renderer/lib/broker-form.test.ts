import { describe, expect, it } from 'vitest';
import type { BrokerStatus } from '../../core/contract/index.js';
import { setLocale } from '../i18n/i18n.svelte.js';
import { blankFields, confirmText, connectionText, fieldsOf, formProblem, passwordInput } from './broker-form.js';

describe('broker form', () => {
  it('keeps, removes or replaces the saved password', () => {
    expect(passwordInput('', false, false)).toBeUndefined();
    expect(passwordInput('', true, false)).toBe('');
    expect(passwordInput('typed', true, false)).toBe('');
    expect(passwordInput('new one', false, false)).toBe('new one');
    // The environment fixes it: whatever the form holds, the saved one stays.
    expect(passwordInput('new one', false, true)).toBeUndefined();
  });

  it('takes the editable fields, never the lock list or file', () => {
    const s = { url: 'mqtt://b', username: 'u', hasPassword: true, caFile: 'ca', certFile: 'c', keyFile: 'k', clientId: 'id', locked: { url: 'X' }, file: '/f' };
    expect(fieldsOf(s)).toEqual({ url: 'mqtt://b', username: 'u', caFile: 'ca', certFile: 'c', keyFile: 'k', clientId: 'id' });
  });

  it('asks for a username with a password', () => {
    const f = blankFields();
    expect(formProblem(f, undefined, false)).toBeNull();
    expect(formProblem(f, 'typed', false)).toMatch(/needs a username/);
    expect(formProblem(f, undefined, true)).toMatch(/needs a username/); // the saved one is kept
    expect(formProblem(f, '', true)).toBeNull(); // …unless removed
    expect(formProblem({ ...f, username: 'ops' }, 'typed', false)).toBeNull();
  });

  it('says what saving does', () => {
    expect(confirmText(' mqtt://127.0.0.1:1883 ')).toBe('Consoles on this machine will reconnect to mqtt://127.0.0.1:1883.');
    expect(confirmText('')).toMatch(/reconnect to the embedded broker/);
  });

  it('words the connection', () => {
    const b: BrokerStatus = { kind: 'embedded', url: 'mqtt://127.0.0.1:1', state: 'connected', protocolVersion: 4, lastError: null, since: '' };
    expect(connectionText(b)).toBe('Connected · embedded broker · MQTT 3.1.1');
    expect(connectionText({ ...b, kind: 'site', state: 'reconnecting', protocolVersion: null })).toBe('Reconnecting · site broker');
    expect(connectionText({ ...b, kind: 'site', protocolVersion: 5 })).toBe('Connected · site broker · MQTT 5');
  });

  it('words the connection in Dutch', async () => {
    const b: BrokerStatus = { kind: 'embedded', url: 'mqtt://127.0.0.1:1', state: 'connected', protocolVersion: 4, lastError: null, since: '' };
    await setLocale('nl');
    try {
      expect(connectionText(b)).toBe('Verbonden · ingebouwde broker · MQTT 3.1.1');
      expect(confirmText('mqtt://b')).toBe('Consoles op deze machine maken opnieuw verbinding met mqtt://b.');
    } finally {
      await setLocale('en');
    }
  });
});
