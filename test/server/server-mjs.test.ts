/**
 * The parts of server.mjs that need no running app: per-client admission (one client cannot make
 * everyone else wait), who a request counts against, and that its own answers carry the same
 * header names as the app's (lib/auth/security-headers.ts).
 */
import { describe, expect, it } from 'vitest';
import { PEER_ADDRESS_HEADER as APP_PEER_HEADER } from '@/lib/auth/paths';
import { securityHeaders } from '@/lib/auth/security-headers';
import { clientKey, createAdmission, isStaticPath, PEER_ADDRESS_HEADER, REFUSAL_HEADERS } from '../../server.mjs';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('per-client admission', () => {
  it('lets a client have `concurrency` requests in flight; the next waits for a free slot, in order', async () => {
    const admission = createAdmission({ concurrency: 2, queue: 10, waitMs: 10_000 });
    const first = await admission.admit('a');
    await admission.admit('a');
    const order: string[] = [];
    const third = admission.admit('a').then((release) => (order.push('third'), release));
    const fourth = admission.admit('a').then((release) => (order.push('fourth'), release));
    await tick();
    expect(order).toEqual([]);
    expect(admission.load('a')).toEqual({ active: 2, waiting: 2 });
    // Another client is not held up.
    const other = await admission.admit('b');
    other();
    first();
    (await third)();
    await fourth;
    expect(order).toEqual(['third', 'fourth']);
    expect(admission.load('a')).toEqual({ active: 2, waiting: 0 });
  });

  it('refuses more than the queue (429) and a wait that is too long (503)', async () => {
    const admission = createAdmission({ concurrency: 1, queue: 1, waitMs: 50 });
    const release = await admission.admit('a');
    const waiting = admission.admit('a');
    await expect(admission.admit('a')).rejects.toEqual({ status: 429 });
    await expect(waiting).rejects.toEqual({ status: 503 });
    release();
    expect(admission.load('a')).toEqual({ active: 0, waiting: 0 });
  });

  it('counts a request against its session, else its address; static files are not counted', () => {
    const req = (cookie: string | undefined, address = '192.0.2.1') => ({ headers: cookie ? { cookie } : {}, socket: { remoteAddress: address } });
    expect(clientKey(req('theme=dark; support-trends.session_token=abc.def'))).toBe('session:abc.def');
    expect(clientKey(req('__Secure-support-trends.session_token=xyz'))).toBe('session:xyz');
    expect(clientKey(req('xsupport-trends.session_token=abc'))).toBe('address:192.0.2.1');
    expect(clientKey(req(undefined, '::1'))).toBe('address:::1');
    expect(isStaticPath('/_next/static/chunks/a.js')).toBe(true);
    expect(isStaticPath('/icon.svg?icon.0-oeklsa737wd.svg')).toBe(true);
    expect(isStaticPath('/_next/data/x.json')).toBe(false);
    expect(isStaticPath('/')).toBe(false);
  });
});

describe('agreement with the app', () => {
  it('writes the peer header the app reads, and its refusals carry every security header', () => {
    expect(PEER_ADDRESS_HEADER).toBe(APP_PEER_HEADER);
    const app = Object.keys(securityHeaders({ nonce: 'n', development: false, https: false }));
    expect(Object.keys(REFUSAL_HEADERS)).toEqual(expect.arrayContaining(app));
  });
});
