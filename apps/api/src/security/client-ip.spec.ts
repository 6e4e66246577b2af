import { clientIp, limitKeyOf } from './client-ip';

const request = (remoteAddress: string, forwardedFor?: string) => ({
  socket: { remoteAddress },
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

describe('clientIp', () => {
  it('takes the socket address and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientIp(request('203.0.113.7', '198.51.100.1'), 0)).toBe('203.0.113.7');
  });

  it('takes the entry the trusted proxies appended, not what the client wrote further left', () => {
    expect(clientIp(request('10.0.0.2', '6.6.6.6, 198.51.100.1'), 1)).toBe('198.51.100.1');
    expect(clientIp(request('10.0.0.2', '6.6.6.6, 198.51.100.1, 10.0.0.9'), 2)).toBe('198.51.100.1');
  });

  it('falls back to the socket address when the header is missing, short or not an address', () => {
    expect(clientIp(request('10.0.0.2'), 1)).toBe('10.0.0.2');
    expect(clientIp(request('10.0.0.2', '198.51.100.1'), 2)).toBe('10.0.0.2');
    expect(clientIp(request('10.0.0.2', 'not-an-ip'), 1)).toBe('10.0.0.2');
  });
});

describe('limitKeyOf', () => {
  it('counts an IPv4-mapped address as the IPv4 address', () => {
    expect(limitKeyOf('::ffff:127.0.0.1')).toBe('127.0.0.1');
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    expect(limitKeyOf('2001:db8:0:1::5')).toBe('2001:db8:0:1::/64');
    expect(limitKeyOf('2001:0db8:0000:0001:ffff:ffff:ffff:ffff')).toBe('2001:db8:0:1::/64');
    expect(limitKeyOf('::1')).toBe('0:0:0:0::/64');
    expect(limitKeyOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
