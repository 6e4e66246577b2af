import { isIPv4, isIPv6 } from 'node:net';
import type { ClientRequest } from '@accord/platform';

/**
 * The address a request comes from, as per-IP rate limits count it. With `trustedHops` reverse proxies
 * in front (ACCORD_TRUST_PROXY), each appends the address it received from to X-Forwarded-For, so the
 * client is the entry `trustedHops` from the right; anything further left was written by the client
 * and is not believed. With 0 the socket's address counts and the header is ignored.
 */
export function clientIp(request: ClientRequest, trustedHops: number): string | undefined {
  const socketAddress = request.socket?.remoteAddress;
  if (trustedHops === 0) return socketAddress && limitKeyOf(socketAddress);
  const header = request.headers?.['x-forwarded-for'];
  const chain = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  // Fewer entries than proxies: the request skipped a proxy; the nearest address is all we know.
  const forwarded = chain.length >= trustedHops ? chain[chain.length - trustedHops] : undefined;
  const address = forwarded && (isIPv4(forwarded) || isIPv6(forwarded)) ? forwarded : socketAddress;
  return address && limitKeyOf(address);
}

/**
 * One key per client: an IPv4-mapped IPv6 address as the IPv4 address, and an IPv6 address as its /64,
 * since one household or server is given a whole /64 and could otherwise rotate through it.
 */
export function limitKeyOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const withoutZone = address.split('%')[0];
  const [head, tail] = withoutZone.includes('::') ? withoutZone.split('::') : [withoutZone, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (64:ff9b::1.2.3.4) stands for two groups.
  const width = (groups: string[]) => groups.reduce((sum, group) => sum + (group.includes('.') ? 2 : 1), 0);
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - width(left) - width(right))).fill('0'), ...right];
  return groups.map((group) => (group.includes('.') ? group : parseInt(group || '0', 16).toString(16)));
}

/**
 * Wraps graphql-ws `onConnect`: records the socket's client address in `extra.clientIp` (where the
 * context of its operations finds it) before the upgrade request is let go.
 */
export function recordingClientIp<Ctx extends { extra: object }>(trustedHops: number, onConnect: (ctx: Ctx) => Promise<boolean>) {
  return (ctx: Ctx): Promise<boolean> => {
    const extra = ctx.extra as { request?: ClientRequest; clientIp?: string };
    if (extra.request) extra.clientIp = clientIp(extra.request, trustedHops);
    return onConnect(ctx);
  };
}
