/**
 * Which address a request comes from, for the sign-in throttle. The address is the TCP peer that
 * server.mjs saw (PEER_ADDRESS_HEADER, which it overwrites on every request); X-Forwarded-For is
 * believed only when that peer is one of the configured trusted proxies
 * (SUPPORT_TRENDS_TRUSTED_PROXIES, empty by default) — and then only up to the first hop that
 * is not itself trusted, reading from the right, because everything left of it was written by
 * whoever sent the request (OWASP: "X-Forwarded-For is client-controlled"; RFC 7239 §5.2).
 */
import { BlockList, isIP } from 'node:net';

export interface TrustedProxies {
  /** Whether any proxy is trusted at all. */
  any: boolean;
  has(address: string): boolean;
}

/** "::ffff:127.0.0.1" → "127.0.0.1"; null for anything that is not an IP address. */
export function normaliseAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  let v = value.trim();
  if (v.startsWith('[') && v.includes(']')) v = v.slice(1, v.indexOf(']'));
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(v)) v = v.slice(7);
  return isIP(v) ? v.toLowerCase() : null;
}

/**
 * The trusted-proxy list: IP addresses and CIDR ranges, comma-separated ("127.0.0.1, 10.0.0.0/8,
 * fd00::/8"). Throws on an entry that is neither, so a typo does not silently trust nobody.
 */
export function parseTrustedProxies(text: string | undefined): TrustedProxies {
  const list = new BlockList();
  const entries = (text ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const ip = normaliseAddress(address);
    const family = ip ? (isIP(ip) === 6 ? 'ipv6' : 'ipv4') : null;
    const bits = prefix === undefined ? (family === 'ipv6' ? 128 : 32) : Number(prefix);
    if (!ip || !family || !Number.isInteger(bits) || bits < 0 || bits > (family === 'ipv6' ? 128 : 32)) {
      throw new Error(`"${entry}" is not an IP address or CIDR range (e.g. 127.0.0.1 or 10.0.0.0/8)`);
    }
    list.addSubnet(ip, bits, family);
  }
  return {
    any: entries.length > 0,
    has(address) {
      const ip = normaliseAddress(address);
      return ip !== null && list.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

/**
 * The client's address: the peer itself, unless the peer is a trusted proxy — then the rightmost
 * X-Forwarded-For entry that is not a trusted proxy (the leftmost when all are). Null when the
 * peer is unknown (a server not started by server.mjs).
 */
export function resolveClientAddress(peer: string | null, forwardedFor: string | null, trusted: TrustedProxies): string | null {
  const direct = normaliseAddress(peer);
  if (!direct || !trusted.any || !trusted.has(direct)) return direct;
  const hops = (forwardedFor ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseAddress(hops[i]);
    // A hop that is not an address was written by someone we do not trust: stop at the last good one.
    if (!hop) return i === hops.length - 1 ? direct : normaliseAddress(hops[i + 1]);
    if (!trusted.has(hop) || i === 0) return hop;
  }
  return direct;
}
