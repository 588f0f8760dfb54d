/** One client connection (a window, a browser tab, a test caller): its session token lives here. */
export interface Connection {
  token: string | null;
  /** Set by a host that will not serve this connection (the Electron window's IPC from a foreign page): every call is refused with it. */
  refused?: string;
  /** Where the connection comes from (the browser host's peer address), for sign-in throttling. */
  source?: string;
}
