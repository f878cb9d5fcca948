/**
 * IPv4 and IPv6 addresses. An address identifies a customer's machine or network, so private
 * ranges (10/8, 192.168/16…) are redacted too: they map a customer's network.
 *
 * Kept on purpose, because they name no one and help read an error: loopback (`127.x.x.x`,
 * `::1`), "this network" (`0.x.x.x`, `::`) and netmasks (`255.…`).
 * Not addresses: three-part versions (`5.14.2`), anything with a part above 255 or a fifth part
 * (`10.0.19041.1`), quads glued to a letter (`v1.2.3.4`) or right after a version phrase
 * (`upgrade jackson-databind to 2.9.10.3`), and quads of small parts with no sign of being an
 * address (see isIpv4InContext) — so `10.1.2.3` in bare prose is missed, a known gap.
 * A port (`:8080`) or prefix length (`/24`) after an address is kept. IPv6 needs eight groups,
 * or `::` and a digit, so clock times (`10:30:00`), MAC addresses and `Foo::Bar` are not taken
 * for addresses.
 */
import { replaceMatches, type Redaction } from './replace-matches';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\w.-])${OCTET}(?:\\.${OCTET}){3}(?![\\w]|\\.\\d)`, 'g');
// What comes right before a four-part version: "version is 0.8.2.1", "OpenJ9 VM 17.0.1.0",
// "upgrade jackson-databind to 2.9.10.3", "fixed in 1.2.3.4", "1.2.6 --> 1.2.6.1".
const VERSION_CONTEXT = new RegExp(
  '(?:' +
    [
      '\\b(?:v|ver|version|versions|build|release|rel|rev|revision|jar|jdk|jre|vm|sdk|runtime)\\b(?:\\s+[\\w-]+)?\\s*(?:[:=]\\s*)?',
      '\\b(?:upgrade[ds]?|upgrading|downgrade[ds]?|bump(?:ed|s)?|update[ds]?|updating)\\b[^\\n.,;()]{0,30}\\bto\\s+',
      '\\b(?:fixed|patched)\\s+in\\s+',
      '-->\\s*',
      '->\\s*',
      '<version>',
    ].join('|') +
    ')$',
  'i',
);
const ADDRESS_WORD = /\b(?:ip|ips|ipv4|address|addr|host|hostname|server|peer|dns|nameserver|gateway|proxy|subnet|cidr|ping|connect(?:ed|ion|ing)?|listen(?:ing)?|bind|ssh|nslookup|firewall|whitelist|allowlist|blocked)\b/i;
const ADDRESS_SUFFIX = /^(?::\d|\/\d{1,2}\b|#\d)/;
// Loopback, "this network" (0.x, never a host) and netmasks name no one.
const KEPT_IPV4 = /^(?:127|0|255)\./;

// Hex groups and colons with at least two colons, optionally ending in a dotted IPv4 tail.
const IPV6_CANDIDATE = /(?<![\w:.])(?=[0-9A-Fa-f]*:[0-9A-Fa-f]*:)[0-9A-Fa-f:]{2,39}(?:\d{1,3}(?:\.\d{1,3}){3})?(?![\w]|:[\w:]|\.\d)/g;

export function isIpv4(text: string): boolean {
  return new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`).test(text);
}

/** Strict IPv6 syntax (RFC 4291 §2.2): eight groups, or fewer with one `::`, optional IPv4 tail. */
export function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  let groups = 0;
  for (let h = 0; h < halves.length; h++) {
    if (halves[h] === '') continue;
    const parts = halves[h].split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const isLast = h === halves.length - 1 && i === parts.length - 1;
      if (isLast && part.includes('.')) {
        if (!isIpv4(part)) return false;
        groups += 2;
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(part)) groups += 1;
      else return false;
    }
  }
  return halves.length === 2 ? groups <= 7 : groups === 8;
}

function redactIpv4(text: string): Redaction {
  if (!text.includes('.')) return { text, count: 0 };
  return replaceMatches(text, IPV4, (m, whole) => (isIpv4InContext(m[0], whole, m.index) ? '[ip]' : null));
}

/**
 * Whether a dotted quad is an address rather than a four-part version (`2.9.10.3`, `17.0.1.0`).
 * In order: a port (`:8020`), prefix length (`/16`) or DNS port (`#53`) after it means address;
 * a version phrase right before it (`upgrade jackson-databind to 2.9.10.3`, `OpenJ9 VM 17.0.1.0`,
 * `fixed in 1.2.3.4`) means version; otherwise a part of 100 or more means address — versions
 * rarely have one, while three random octets are all below 100 only 6% of the time — and a quad
 * of small parts is an address only with an address word nearby (`IP`, `host`, `server`…).
 */
function isIpv4InContext(address: string, text: string, index: number): boolean {
  if (KEPT_IPV4.test(address)) return false;
  const after = text.slice(index + address.length, index + address.length + 16);
  if (ADDRESS_SUFFIX.test(after)) return true;
  const before = text.slice(Math.max(0, index - 40), index);
  const lineBefore = before.slice(before.lastIndexOf('\n') + 1);
  const version = VERSION_CONTEXT.exec(lineBefore);
  if (version !== null && !ADDRESS_WORD.test(version[0])) return false;
  if (address.split('.').some((part) => Number(part) >= 100)) return true;
  return ADDRESS_WORD.test(lineBefore) || ADDRESS_WORD.test(after);
}

function redactIpv6(text: string): Redaction {
  if (!text.includes(':')) return { text, count: 0 };
  return replaceMatches(text, IPV6_CANDIDATE, (m) => {
    // "at 2001:db8::1: timeout" — a colon after the address belongs to the sentence.
    const colon = m[0].endsWith(':') && !m[0].endsWith('::') ? ':' : '';
    const address = colon ? m[0].slice(0, -1) : m[0];
    if (!isIpv6(address)) return null;
    const compressed = address.includes('::');
    // `::`, `::1` and `::ffff:127.0.0.1`-style loopback name no one.
    if (/^::(?:1|ffff:127(?:\.\d+){3}|ffff:0\.0\.0\.0)?$/i.test(address)) return null;
    if (compressed && !/\d/.test(address)) return null; // `dead::beef`, `Foo::Bar`-like words
    return '[ip]' + colon;
  });
}

export function redactIps(text: string): Redaction {
  const v4 = redactIpv4(text);
  const v6 = redactIpv6(v4.text);
  return { text: v6.text, count: v4.count + v6.count };
}
