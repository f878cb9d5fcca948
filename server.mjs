#!/usr/bin/env node
/**
 * The dashboard's HTTP server (`support-trends serve` runs it): the production Next.js app behind
 * a plain Node server, for the three things `next start` leaves to chance.
 *
 *  - Who connected. The TCP peer's address goes to the app in the x-support-trends-peer request
 *    header, overwriting whatever a client sent, so the sign-in throttle counts real addresses
 *    (X-Forwarded-For only from SUPPORT_TRENDS_TRUSTED_PROXIES: lib/auth/client-address.ts).
 *  - Methods Next.js cannot even parse. TRACE and TRACK (and anything but GET, HEAD and POST)
 *    get a 405 with the security headers here; inside Next.js, TRACE was a bare 500.
 *  - Stopping. On SIGTERM or SIGINT the server stops accepting connections, gives requests in
 *    flight a moment, closes the database and exits — within STOP_DEADLINE_MS even under load.
 *
 *   node server.mjs [--port 3000] [--hostname 127.0.0.1]
 *
 * Plain JavaScript: it starts without a compiler, before the (compiled) app is loaded.
 */
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const PEER_ADDRESS_HEADER = 'x-support-trends-peer';
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST'];
/** Requests in flight get this long after a stop signal… */
export const DRAIN_MS = 1_500;
/** …and the process is gone by this, whatever is still running. */
export const STOP_DEADLINE_MS = 4_000;

/** The headers every answer carries (lib/auth/security-headers.ts); this one has no page, so no script at all. */
export const REFUSAL_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** The 405 for a method the dashboard does not answer, in the JSON error shape of every endpoint. */
export function refuseMethod(method, res) {
  const body = JSON.stringify({
    error: {
      code: 'MethodNotAllowed',
      message: `${String(method).slice(0, 20)} is not a method this dashboard answers: pages and endpoints are read with GET, and changed with POST from their own forms.`,
      hint: null,
    },
  });
  res.writeHead(405, { ...REFUSAL_HEADERS, Allow: ALLOWED_METHODS.join(', '), 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Closes the app's databases (db/client.ts keeps them on globalThis), waiting at most `ms`. */
async function closeDatabases(ms) {
  const held = ['support-trends.database', 'support-trends.job-database'].map((key) => globalThis[Symbol.for(key)]).filter(Boolean);
  const close = async () => {
    const databases = new Set((await Promise.allSettled(held)).flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])));
    await Promise.allSettled([...databases].map((database) => database.close()));
  };
  await Promise.race([close(), new Promise((resolve) => setTimeout(resolve, ms).unref())]);
}

export async function startServer({ port, hostname, dir }) {
  // Tells the app that the peer-address header is ours (lib/env.ts); a client cannot set this.
  process.env.SUPPORT_TRENDS_INTERNAL_PEER_HEADER = '1';
  process.env.NODE_ENV = 'production';
  const { default: next } = await import('next');
  const app = next({ dev: false, dir, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = createServer((req, res) => {
    if (!ALLOWED_METHODS.includes(req.method ?? '')) return refuseMethod(req.method, res);
    req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? '';
    handle(req, res).catch((error) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500, { ...REFUSAL_HEADERS, 'Content-Type': 'text/plain' });
      res.end('Internal error; see the server log.');
    });
  });
  // CONNECT is not a request to us: close such sockets rather than leave them open.
  server.on('connect', (_req, socket) => socket.destroy());

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.error(`support-trends: ${signal} received, stopping…`);
    // Whatever happens below, the process is gone by the deadline.
    setTimeout(() => process.exit(0), STOP_DEADLINE_MS).unref();
    const drained = new Promise((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, DRAIN_MS))]);
    server.closeAllConnections();
    await closeDatabases(STOP_DEADLINE_MS - DRAIN_MS - 500);
    process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, resolve);
  });
  console.error(`support-trends: listening on http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`);
  return server;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '3000' }, hostname: { type: 'string', default: '127.0.0.1' } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    console.error(`--port must be a port number (got ${values.port})`);
    process.exit(2);
  }
  await startServer({ port, hostname: values.hostname, dir: path.dirname(fileURLToPath(import.meta.url)) });
}
