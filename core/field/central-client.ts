// A field laptop's calls to the central console's host (core/host/api.ts): the console URL as
// it printed it (with its access token), then a sign-in there as the technician, whose central
// session and permissions every later call is checked against.
import { DomainError } from '../errors.js';
import type { Decision, FieldRecord, RecordOutcome, SyncStart, TicketCopy, VehicleRef } from './sync-records.js';
import type { ChainLink } from '../audit/chain.js';

/** What the push needs of the central side (an HTTP client in use; anything that answers alike in tests). */
export interface Central {
  start(source: string): Promise<SyncStart>;
  audit(source: string, entries: ChainLink[]): Promise<{ lastSeq: number; lastHash: string }>;
  record(source: string, record: FieldRecord, decision: Decision | null): Promise<RecordOutcome>;
  tickets(source: string, vehicles: Array<Omit<VehicleRef, 'name'>>): Promise<TicketCopy[]>;
}

const KINDS: Record<string, DomainError['kind']> = {
  UNAUTHORIZED: 'forbidden', FORBIDDEN: 'forbidden', NOT_FOUND: 'not_found', CONFLICT: 'conflict', BAD_REQUEST: 'invalid', TOO_MANY_REQUESTS: 'throttled',
};

/** The central console's URL as printed (its address with ?token=…) → its address and access token. */
export function parseConsoleUrl(text: string): { base: string; token: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new DomainError('invalid', { code: 'field.centralUrlInvalid' }, 'centralUrl');
  }
  const token = url.searchParams.get('token');
  if (!/^https?:$/.test(url.protocol) || !token) {
    throw new DomainError('invalid', { code: 'field.centralUrlNoToken' }, 'centralUrl');
  }
  return { base: `${url.protocol}//${url.host}`, token };
}

export class CentralConsole implements Central {
  private session: string | null = null;
  private constructor(private readonly base: string, private readonly token: string, private readonly timeoutMs: number) {}

  static at(consoleUrl: string, timeoutMs = 60_000): CentralConsole {
    const { base, token } = parseConsoleUrl(consoleUrl);
    return new CentralConsole(base, token, timeoutMs);
  }

  get where(): string {
    return this.base;
  }

  private async call<T>(path: string, input: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.base}/api/${path}`, {
        method: 'POST', body: JSON.stringify(input), signal: AbortSignal.timeout(this.timeoutMs),
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.token}`, ...(this.session ? { 'X-Watchfloor-Session': this.session } : {}) },
      });
    } catch (err) {
      throw new DomainError('unavailable', { code: 'field.centralUnreachable', params: { base: this.base, message: (err as Error).message } }, 'centralUrl');
    }
    const body = (await res.json().catch(() => null)) as { result?: { data: T }; error?: { message: string; data?: { code?: string } } } | null;
    if (body?.result) return body.result.data;
    const code = body?.error?.data?.code;
    throw new DomainError(code ? KINDS[code] ?? 'unavailable' : res.status === 401 ? 'forbidden' : 'unavailable', { code: 'field.centralSays', params: { message: body?.error?.message ?? `HTTP ${res.status}` } });
  }

  async signIn(email: string, password: string, totp?: string): Promise<void> {
    const r = await this.call<{ ok: boolean; token?: string; totpRequired?: boolean }>('auth.login', { email, password, ...(totp ? { totp } : {}) });
    if (!r.ok || !r.token) throw new DomainError('invalid', { code: 'field.centralNeedsCode' }, 'totp');
    this.session = r.token;
  }

  async signOut(): Promise<void> {
    if (this.session) await this.call('auth.logout', undefined).catch(() => {});
    this.session = null;
  }

  start = (source: string) => this.call<SyncStart>('fieldSync.start', { source });
  audit = (source: string, entries: ChainLink[]) => this.call<{ lastSeq: number; lastHash: string }>('fieldSync.audit', { source, entries });
  record = (source: string, record: FieldRecord, decision: Decision | null) => this.call<RecordOutcome>('fieldSync.record', { source, record, decision });
  tickets = (source: string, vehicles: Array<Omit<VehicleRef, 'name'>>) => this.call<TicketCopy[]>('fieldSync.tickets', { source, vehicles });
}
