import { accessSync, constants } from 'node:fs';
import { audited } from '../audit/write.js';
import type { Config } from '../config.js';
import { saveConfigFile } from '../config.js';
import type { BrokerSettings, BrokerSettingsInput } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext, Context } from '../trpc.js';

const KEYS = { url: 'brokerUrl', username: 'brokerUsername', password: 'brokerPassword', caFile: 'brokerCaFile', certFile: 'brokerCertFile', keyFile: 'brokerKeyFile', clientId: 'brokerClientId' } as const;

export function brokerSettings(ctx: Context): BrokerSettings {
  const c = ctx.config;
  const locked = Object.fromEntries(Object.entries(KEYS).flatMap(([field, key]) => (ctx.settings.locked[key] ? [[field, ctx.settings.locked[key]!]] : [])));
  return {
    url: c.brokerUrl ?? '', username: c.brokerUsername ?? '', hasPassword: Boolean(c.brokerPassword), caFile: c.brokerCaFile ?? '',
    certFile: c.brokerCertFile ?? '', keyFile: c.brokerKeyFile ?? '', clientId: c.brokerClientId ?? '', locked, file: ctx.settings.file,
  };
}

/**
 * Saves the broker settings to the config file and switches the running connection to the
 * broker they name, or back to the embedded broker when the URL is emptied (started then if
 * this run had none).
 * Refused with a reason, and nothing saved: a setting the environment fixes, a TLS file
 * that cannot be read, a console without a config file.
 */
export async function updateBrokerSettings(ctx: AuthedContext, input: BrokerSettingsInput): Promise<{ applied: boolean; note: string }> {
  const file = ctx.settings.file;
  if (!file) throw new DomainError('invalid', { code: 'system.noConfigFile' });
  const before = brokerSettings(ctx);
  const next: Partial<Config> = {
    brokerUrl: input.url || undefined, brokerUsername: input.username || undefined,
    brokerPassword: input.password === undefined ? ctx.config.brokerPassword : input.password || undefined,
    brokerCaFile: input.caFile || undefined, brokerCertFile: input.certFile || undefined, brokerKeyFile: input.keyFile || undefined,
    brokerClientId: input.clientId || undefined,
  };
  if (next.brokerPassword && !next.brokerUsername) throw new DomainError('invalid', { code: 'system.brokerPasswordNeedsUser' });
  const saved: Partial<Config> = {};
  for (const [field, key] of Object.entries(KEYS)) {
    if (!ctx.settings.locked[key]) {
      saved[key] = next[key];
      continue;
    }
    // The environment's value stays in the environment: never copied into the file.
    if (next[key] !== ctx.config[key]) throw new DomainError('invalid', { code: 'system.setByEnvironment', params: { field, variable: ctx.settings.locked[key] } });
  }
  for (const [label, path] of [['CA file', next.brokerCaFile], ['client certificate', next.brokerCertFile], ['client key', next.brokerKeyFile]] as const) {
    if (!path) continue;
    try {
      accessSync(path, constants.R_OK);
    } catch {
      throw new DomainError('invalid', { code: 'system.fileUnreadable', params: { label, path } });
    }
  }
  const after = { url: input.url, username: input.username, passwordChanged: input.password !== undefined, caFile: input.caFile, certFile: input.certFile, keyFile: input.keyFile, clientId: input.clientId };
  const beforeAudit = { url: before.url, username: before.username, caFile: before.caFile, certFile: before.certFile, keyFile: before.keyFile, clientId: before.clientId };
  await audited(ctx, { resourceType: 'broker_settings' }, async () => {
    saveConfigFile(file, saved);
    return { result: null, oldValues: beforeAudit, newValues: after };
  });
  Object.assign(ctx.config, next);
  if (!ctx.broker) return { applied: false, note: 'Saved. It applies from the next start.' };
  if (!next.brokerUrl) {
    const url = await ctx.broker.embedded?.();
    if (!url) return { applied: false, note: 'Saved. The embedded broker is used from the next start.' };
    await ctx.broker.reconfigure({ kind: 'embedded', url, clientId: ctx.broker.options.clientId });
    return { applied: true, note: 'Saved. Connected to the embedded broker again.' };
  }
  await ctx.broker.reconfigure({
    kind: 'site', url: next.brokerUrl, clientId: next.brokerClientId ?? ctx.broker.options.clientId,
    username: next.brokerUsername, password: next.brokerPassword, caFile: next.brokerCaFile, certFile: next.brokerCertFile, keyFile: next.brokerKeyFile,
  });
  return { applied: true, note: `Saved. Connecting to ${next.brokerUrl}.` };
}
