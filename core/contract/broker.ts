import { z } from 'zod';

export const BrokerStatus = z.object({
  /** `embedded` is the in-process broker; `site` any broker configured by URL. */
  kind: z.enum(['embedded', 'site']),
  url: z.string(),
  state: z.enum(['connecting', 'connected', 'reconnecting', 'disconnected']),
  protocolVersion: z.union([z.literal(4), z.literal(5)]).nullable(),
  /** The last connection error, in words. */
  lastError: z.string().nullable(),
  since: z.string(),
});
export type BrokerStatus = z.infer<typeof BrokerStatus>;
