#!/usr/bin/env node
/**
 * The dashboard's HTTP server (`support-trends serve` runs it): the production Next.js app behind
 * a plain Node server, for what `next start` leaves to chance.
 *
 *  - Who connected. The TCP peer's address goes to the app in the x-support-trends-peer request
 *    header, overwriting whatever a client sent, so the sign-in throttle counts real addresses
 *    (X-Forwarded-For only from SUPPORT_TRENDS_TRUSTED_PROXIES: lib/auth/client-address.ts).
 *  - Methods Next.js cannot even parse. TRACE and TRACK (and anything but GET, HEAD and POST)
 *    get a 405 with the security headers here; inside Next.js, TRACE was a bare 500.
 *  - Fairness. One client (a session, else an address) has at most PER_CLIENT_CONCURRENCY
 *    requests in flight; the rest wait their turn, so nobody can make everyone else wait.
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

// Next.js's anonymous telemetry stays off however this server is started (see cli/commands/serve.ts).
process.env.NEXT_TELEMETRY_DISABLED = '1';

export const PEER_ADDRESS_HEADER = 'x-support-trends-peer';
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST'];
/** Requests in flight get this long after a stop signal… */
export const DRAIN_MS = 1_500;
/** …and the process is gone by this, whatever is still running. */
export const STOP_DEADLINE_MS = 4_000;

/**
 * Requests one client may have in flight; more wait their turn. The app renders on one thread
 * (and PGlite queries on it too): without this, one person opening a dozen heavy pages at once
 * would make everyone else wait behind them. A client is its session (the session cookie), else
 * its address. Static files do not count.
 */
export const PER_CLIENT_CONCURRENCY = 2;
/** A client with this many requests already waiting gets a 429 instead of another place in line. */
export const PER_CLIENT_QUEUE = 64;
/** …and a request that waited this long a 503. */
export const QUEUE_WAIT_MS = 30_000;

const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?support-trends\.session_token=([^;]+)/;

/** Who a request counts against: its session token, or the address it came from. */
export function clientKey(req) {
  const session = SESSION_COOKIE.exec(req.headers.cookie ?? '')?.[1];
  return session ? `session:${session.slice(0, 200)}` : `address:${req.socket?.remoteAddress ?? ''}`;
}

export function isStaticPath(url) {
  const path = url.split('?')[0];
  return path.startsWith('/_next/static/') || path === '/favicon.ico' || path === '/icon.svg' || path === '/robots.txt';
}

/** Per-client admission: `admit(key)` resolves to a release function once the client has a free slot. */
export function createAdmission({ concurrency = PER_CLIENT_CONCURRENCY, queue = PER_CLIENT_QUEUE, waitMs = QUEUE_WAIT_MS } = {}) {
  const clients = new Map();
  const release = (key, client) => {
    const next = client.waiting.shift();
    if (next) {
      clearTimeout(next.timer);
      next.resolve(() => release(key, client));
    } else if (--client.active === 0) clients.delete(key);
  };
  return {
    /** Resolves with `release`, or rejects with { status: 429 | 503 } when the client has too much waiting. */
    admit(key) {
      let client = clients.get(key);
      if (!client) clients.set(key, (client = { active: 0, waiting: [] }));
      if (client.active < concurrency) {
        client.active++;
        return Promise.resolve(() => release(key, client));
      }
      if (client.waiting.length >= queue) return Promise.reject({ status: 429 });
      return new Promise((resolve, reject) => {
        const entry = {
          resolve,
          timer: setTimeout(() => {
            client.waiting.splice(client.waiting.indexOf(entry), 1);
            reject({ status: 503 });
          }, waitMs),
        };
        client.waiting.push(entry);
      });
    },
    /** Requests in flight and waiting, per client (for tests). */
    load(key) {
      const client = clients.get(key);
      return { active: client?.active ?? 0, waiting: client?.waiting.length ?? 0 };
    },
  };
}

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

/** An error answer in the JSON shape of every endpoint ({ error: { code, message, hint } }). */
function refuse(res, status, code, message, headers = {}) {
  const body = JSON.stringify({ error: { code, message, hint: null } });
  res.writeHead(status, { ...REFUSAL_HEADERS, ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** The 405 for a method the dashboard does not answer. */
export function refuseMethod(method, res) {
  refuse(res, 405, 'MethodNotAllowed', `${String(method).slice(0, 20)} is not a method this dashboard answers: pages and endpoints are read with GET, and changed with POST from their own forms.`, {
    Allow: ALLOWED_METHODS.join(', '),
  });
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

  const admission = createAdmission();
  const serve = (req, res) =>
    handle(req, res).catch((error) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500, { ...REFUSAL_HEADERS, 'Content-Type': 'text/plain' });
      res.end('Internal error; see the server log.');
    });
  const server = createServer((req, res) => {
    if (!ALLOWED_METHODS.includes(req.method ?? '')) return refuseMethod(req.method, res);
    req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? '';
    if (isStaticPath(req.url ?? '')) return serve(req, res);
    admission.admit(clientKey(req)).then(
      (release) => {
        // Gone while waiting its turn: its 'close' has already fired, so free the slot now.
        if (req.destroyed || res.destroyed || req.socket.destroyed) return release();
        res.once('close', release);
        serve(req, res);
      },
      ({ status }) =>
        status === 429
          ? refuse(res, 429, 'TooManyRequests', 'Too many requests at once from you; wait for the pages you opened to load.', { 'Retry-After': '5' })
          : refuse(res, 503, 'Timeout', 'The server is busy with your earlier requests; try again in a moment.', { 'Retry-After': '5' }),
    );
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
