import type { SessionUser } from '../../core/contract/index.js';
import { errorText } from './errors.js';
import { sessionWords } from './session-words.js';
import { backoff, unanswered, type Client } from './trpc.js';

const KEY = 'wf_session';

/** What the console shows before the map: checking, a sign-in or first-run form, or nothing (signed in). */
export type Screen = 'checking' | 'setup' | 'login' | 'ready';

/**
 * Who is signed in on this connection. The token stays in sessionStorage so a
 * reload (a new connection) can re-attach the session with `auth.resume`.
 */
export class SessionManager {
  screen = $state<Screen>('checking');
  user = $state<SessionUser | null>(null);
  demo = $state(false);
  /** No administrator yet: in demo mode the sign-in screen offers to create the first one (with the setup code). */
  needsSetup = $state(false);
  /** Shown on the sign-in screen in demo mode, where the account is documented anyway. */
  demoAccount = $state<{ email: string; password: string } | null>(null);
  /** Where this console wrote the first administrator's setup code (the form asks for it). */
  setupCodeFile = $state<string | null>(null);
  /** The server asked for a one-time code after a correct password. */
  totpRequired = $state(false);
  error = $state<string | null>(null);
  /** Why a live view stopped while signed in (roles changed), until dismissed. */
  notice = $state<string | null>(null);
  busy = $state(false);
  #client: Client | null = null;

  can = (permission: string): boolean => this.user?.permissions.includes(permission) ?? false;

  async start(client: Client): Promise<void> {
    this.#client = client;
    try {
      const token = sessionStorage.getItem(KEY);
      // A token core no longer knows (or a malformed one) just means: sign in again.
      const resumed = token ? await this.#reattach(token, 'checking') : null;
      if (resumed) return this.#signedIn(resumed);
      sessionStorage.removeItem(KEY);
      const state = await client.auth.state.query();
      this.demo = state.demo;
      this.demoAccount = state.demoAccount;
      this.setupCodeFile = state.setupCodeFile;
      this.needsSetup = state.needsSetup;
      if (state.demo) return this.#accept(await client.auth.demoLogin.mutate());
      this.screen = state.needsSetup ? 'setup' : 'login';
    } catch (err) {
      this.error = errorText(err);
      this.screen = 'login';
    }
  }

  login(input: { email: string; password: string; totp?: string }): Promise<void> {
    return this.#run(async (c) => this.#accept(await c.auth.login.mutate(input)));
  }

  setup(input: { email: string; displayName: string; password: string; code: string }): Promise<void> {
    return this.#run(async (c) => {
      this.#accept(await c.auth.setup.mutate(input));
      this.needsSetup = false;
    });
  }

  /** Demo mode, signed out: between the sign-in form and the first administrator's form. */
  showSetup(on: boolean): void {
    if (this.screen !== 'login' && this.screen !== 'setup') return;
    this.error = null;
    this.screen = on && this.needsSetup ? 'setup' : 'login';
  }

  async logout(): Promise<void> {
    await this.#client?.auth.logout.mutate().catch(() => {});
    this.#signedOut(null);
  }

  /** Called when any call says the session is gone; a stored token may still re-attach (after a reconnect). */
  lost(message: string): Promise<void> {
    // Calls in flight when the session ended fail too, and after the resume below with "sign in
    // first": the first answer carries core's reason, so later ones wait for it and add nothing.
    if (this.screen !== 'ready') return Promise.resolve();
    this.#losing ??= this.#resume(message).finally(() => (this.#losing = null));
    return this.#losing;
  }

  #losing: Promise<void> | null = null;

  async #resume(message: string): Promise<void> {
    const token = sessionStorage.getItem(KEY);
    const user = token ? await this.#reattach(token, 'ready') : null;
    if (user) this.user = user;
    else if (this.screen === 'ready') this.#signedOut(message);
  }

  /**
   * The stored session's user, or null once core says it is gone (or the token is malformed). While
   * core cannot answer (a reconnect under load, its database busy) it is asked again, as long as the
   * page still shows `screen`: a busy host does not sign the operator out.
   */
  async #reattach(token: string, screen: Screen): Promise<SessionUser | null> {
    for (let attempt = 0; ; attempt++) {
      try {
        const user = (await this.#client?.auth.resume.mutate({ token })) ?? null;
        // Signed out (or in as someone else) meanwhile: a late answer brings nobody back.
        return this.screen === screen && sessionStorage.getItem(KEY) === token ? user : null;
      } catch (err) {
        if (!unanswered(err) || this.screen !== screen) return null;
      }
      await new Promise((ok) => setTimeout(ok, backoff(attempt)));
      if (this.screen !== screen) return null;
    }
  }

  /** A reconnected WebSocket is a new connection without a session: re-attach it. */
  reconnected(): void {
    if (this.screen === 'ready') void this.lost(sessionWords.reconnectLost());
  }

  /** A stream stopped as the user's roles changed: take the new permissions (views follow them) and say why. */
  async streamStopped(reason: string): Promise<void> {
    if (this.screen !== 'ready') return;
    this.notice = reason;
    const token = sessionStorage.getItem(KEY);
    const user = token ? await this.#reattach(token, 'ready') : null;
    if (user) this.user = user;
  }

  /** The user's own details changed (two-factor on/off). */
  refresh(user: Partial<SessionUser>): void {
    if (this.user) this.user = { ...this.user, ...user };
  }

  async #run(call: (c: Client) => Promise<void>): Promise<void> {
    if (!this.#client) return;
    this.busy = true;
    this.error = null;
    try {
      await call(this.#client);
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  #accept(r: { ok: true; token: string; user: SessionUser } | { ok: false; totpRequired: true }): void {
    if (!r.ok) {
      this.totpRequired = true;
      return;
    }
    sessionStorage.setItem(KEY, r.token);
    this.#signedIn(r.user);
  }

  #signedIn(user: SessionUser): void {
    this.user = user;
    this.totpRequired = false;
    this.error = null;
    this.screen = 'ready';
  }

  #signedOut(message: string | null): void {
    sessionStorage.removeItem(KEY);
    this.notice = null;
    this.user = null;
    this.totpRequired = false;
    this.error = message;
    this.screen = 'login';
  }

  reset(): void {
    this.screen = 'checking';
    this.user = null;
    this.demo = false;
    this.demoAccount = null;
    this.needsSetup = false;
    this.setupCodeFile = null;
    this.totpRequired = false;
    this.error = null;
    this.notice = null;
    this.busy = false;
  }
}
