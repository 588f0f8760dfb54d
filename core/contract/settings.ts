import { z } from 'zod';

export const BrokerSettings = z.object({
  /** Empty: the embedded broker. */
  url: z.string(),
  username: z.string(),
  hasPassword: z.boolean(),
  caFile: z.string(),
  certFile: z.string(),
  keyFile: z.string(),
  clientId: z.string(),
  /** Settings the environment fixes, with the variable that does. */
  locked: z.record(z.string(), z.string()),
  /** Where saved settings go; null when this console cannot save them. */
  file: z.string().nullable(),
});
export type BrokerSettings = z.infer<typeof BrokerSettings>;

export const BrokerSettingsInput = z.object({
  url: z.string().trim().max(500).regex(/^((mqtts?|wss?|tcp|ssl):\/\/\S+)?$/, 'must be empty (embedded broker) or start with mqtt://, mqtts://, ws://, wss://, tcp:// or ssl://'),
  username: z.string().max(200),
  /** Undefined keeps the saved password; an empty string removes it. */
  password: z.string().max(500).optional(),
  caFile: z.string().trim().max(1000),
  certFile: z.string().trim().max(1000),
  keyFile: z.string().trim().max(1000),
  clientId: z.string().trim().max(128),
});
export type BrokerSettingsInput = z.infer<typeof BrokerSettingsInput>;
