// The host's HTTP endpoint for another Watchfloor (a field laptop bringing its work back):
// the same token-guarded host, the same sessions and permissions as the browser's calls.
// A call carries the host's token as a bearer token (no cookie, so no page of another site
// can make one) and, once signed in, its session token; only sign-in, sign-out and field
// sync are served here.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import type { Core } from '../index.js';
import type { HostAuth } from './auth.js';

export const API_PREFIX = '/api/';
/** tRPC paths another console may call over HTTP. */
const SERVED = /^(auth\.login|auth\.logout|fieldSync\.(start|audit|record|tickets))$/;
/** A log entry carries at most 10 photos of 5 MB, as base64. */
const MAX_BODY = 80 * 1024 * 1024;

export async function answerApi(core: Core, auth: HostAuth, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  const refuse = (status: number, message: string) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ error: { message } }));
  };
  if (!auth.matches(bearer)) return refuse(401, 'This console’s access token is missing or out of date: use the URL the console printed when it started.');
  const path = url.pathname.slice(API_PREFIX.length);
  if (!SERVED.test(path)) return refuse(404, `${path} is not served over HTTP.`);
  if (req.method !== 'POST') return refuse(405, 'Use POST.');
  const session = req.headers['x-watchfloor-session'];
  const token = typeof session === 'string' && session.length <= 100 ? session : null;
  await nodeHTTPRequestHandler({
    router: core.router, req, res, path, maxBodySize: MAX_BODY,
    createContext: () => core.context('http', { token, source: `console at ${req.socket.remoteAddress ?? 'an unknown address'}` }),
  });
}
