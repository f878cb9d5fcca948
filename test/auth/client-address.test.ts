/**
 * The client's address for the sign-in throttle: the connection's peer; X-Forwarded-For only
 * from trusted proxies, read from the right (issue 20: a forged header bypassed the limit).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseAddress, parseTrustedProxies, resolveClientAddress } from '@/lib/auth/client-address';

const NONE = parseTrustedProxies('');
const LOCAL_PROXY = parseTrustedProxies('127.0.0.1, ::1');
const CHAIN = parseTrustedProxies('10.0.0.0/8,192.168.1.5');

describe('resolveClientAddress', () => {
  it('is the peer when no proxy is trusted (the default), whatever X-Forwarded-For says', () => {
    expect(resolveClientAddress('203.0.113.7', '1.2.3.4', NONE)).toBe('203.0.113.7');
    expect(resolveClientAddress('::ffff:127.0.0.1', '1.2.3.4', NONE)).toBe('127.0.0.1');
    fc.assert(fc.property(fc.string(), (forged) => resolveClientAddress('198.51.100.1', forged, NONE) === '198.51.100.1'));
  });

  it('is the peer when the peer is not a trusted proxy', () => {
    expect(resolveClientAddress('203.0.113.7', '1.2.3.4', LOCAL_PROXY)).toBe('203.0.113.7');
  });

  it('takes the rightmost untrusted hop when the peer is a trusted proxy', () => {
    expect(resolveClientAddress('127.0.0.1', '198.51.100.9', LOCAL_PROXY)).toBe('198.51.100.9');
    // A client that prepends a fake hop does not choose its address: the proxy appended the real one.
    expect(resolveClientAddress('127.0.0.1', '1.2.3.4, 198.51.100.9', LOCAL_PROXY)).toBe('198.51.100.9');
    expect(resolveClientAddress('10.1.2.3', '1.2.3.4, 203.0.113.5, 192.168.1.5, 10.9.9.9', CHAIN)).toBe('203.0.113.5');
    // Only trusted hops: the leftmost. Garbage after a good hop: the good hop.
    expect(resolveClientAddress('10.1.2.3', '10.2.2.2, 10.3.3.3', CHAIN)).toBe('10.2.2.2');
    expect(resolveClientAddress('10.1.2.3', 'nonsense, 203.0.113.5', CHAIN)).toBe('203.0.113.5');
    expect(resolveClientAddress('10.1.2.3', 'nonsense', CHAIN)).toBe('10.1.2.3');
    expect(resolveClientAddress('127.0.0.1', null, LOCAL_PROXY)).toBe('127.0.0.1');
  });

  it('is null without a peer (a server not started by server.mjs)', () => {
    expect(resolveClientAddress(null, '1.2.3.4', LOCAL_PROXY)).toBeNull();
    expect(resolveClientAddress('not-an-ip', null, NONE)).toBeNull();
  });
});

describe('parseTrustedProxies', () => {
  it('reads addresses and CIDR ranges of both families', () => {
    const list = parseTrustedProxies('10.0.0.0/8, fd00::/8 ,192.0.2.1');
    expect([list.has('10.200.3.4'), list.has('11.0.0.1'), list.has('fd12::1'), list.has('192.0.2.1'), list.has('192.0.2.2')]).toEqual([true, false, true, true, false]);
    expect(NONE.any).toBe(false);
  });

  it('refuses an entry that is neither, instead of trusting nobody quietly', () => {
    for (const bad of ['localhost', '10.0.0.0/33', '1.2.3', 'fd00::/200']) expect(() => parseTrustedProxies(bad), bad).toThrow(/not an IP address or CIDR range/);
  });

  it('normalises addresses', () => {
    expect(normaliseAddress('[::1]')).toBe('::1');
    expect(normaliseAddress(' 2001:DB8::1 ')).toBe('2001:db8::1');
    expect(normaliseAddress('')).toBeNull();
  });
});
