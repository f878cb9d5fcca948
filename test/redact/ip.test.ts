import { describe, expect, it } from 'vitest';
import { isIpv6, redactIps } from '@/lib/redact/ip';

const redact = (text: string) => redactIps(text).text;

describe('redactIps', () => {
  it.each([
    ['from 203.0.113.42 today', 'from [ip] today'],
    ['gateway 192.168.1.20:8080', 'gateway [ip]:8080'],
    ['subnet 10.222.0.0/16', 'subnet [ip]/16'],
    ['connected to 10.1.2.3', 'connected to [ip]'],
    ['Server: 10.8.8.8', 'Server: [ip]'],
    ['ip=/172.25.41.195 cmd=delete', 'ip=/[ip] cmd=delete'],
    ['App version 5.14.2, my IP is 203.0.113.42', 'App version 5.14.2, my IP is [ip]'],
    ['update the firewall for 203.0.113.42', 'update the firewall for [ip]'],
    ['upgraded to 5.14.2 and still fails from 198.51.100.7', 'upgraded to 5.14.2 and still fails from [ip]'],
    ['v6 2001:db8:85a3::8a2e:370:7334 ok', 'v6 [ip] ok'],
    ['full 2001:0db8:0000:0000:0000:ff00:0042:8329', 'full [ip]'],
    ['link fe80::1 up', 'link [ip] up'],
    ['at 2001:db8::1: timeout', 'at [ip]: timeout'],
  ])('redacts %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    'version 5.14.2',
    'Windows 10.0.19041.1',
    'bump jackson-databind to 2.9.10.3',
    'Zulu 8.54.0.21 runtime',
    'Now the version is 1.2.3.4',
    'v1.2.3.4',
    'localhost 127.0.0.1 and ::1 and 0.0.0.0',
    'mask 255.255.255.0',
    'at 10:30:45',
    'MAC 00:1A:2B:3C:4D:5E',
    'std::vector and Foo::Bar and dead::beef',
    'bad 300.1.2.3',
    'date 2026-03-02',
  ])('keeps %j', (text) => {
    expect(redactIps(text)).toEqual({ text, count: 0 });
  });

  it('checks IPv6 syntax strictly', () => {
    expect(isIpv6('2001:db8::1')).toBe(true);
    expect(isIpv6('::ffff:192.0.2.1')).toBe(true);
    expect(isIpv6('1:2:3:4:5:6:7:8')).toBe(true);
    expect(isIpv6('1:2:3:4:5:6:7')).toBe(false);
    expect(isIpv6('1::2::3')).toBe(false);
    expect(isIpv6('12345::1')).toBe(false);
  });
});
