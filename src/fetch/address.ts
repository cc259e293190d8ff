import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** Thrown from the connect-time DNS hook; the HTTP adapter turns it into FetchError 'redirect-refused'. */
export class PrivateAddressError extends Error {
  readonly code = 'POLICYWATCH_PRIVATE_ADDRESS';
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`${hostname} resolves to the non-public address ${address}`);
    this.name = 'PrivateAddressError';
  }
}

const V4_RANGES: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
];
const V6_RANGES: Array<[string, number]> = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
];

function buildBlockList(): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of V4_RANGES) list.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of V6_RANGES) list.addSubnet(net, prefix, 'ipv6');
  return list;
}

/** IPv4 embedded in IPv6 (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d) is judged as the IPv4 it carries. */
function embeddedV4(address: string): string | undefined {
  const match = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (match?.[1]) return match[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex?.[1] || !hex[2]) return undefined;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

export interface AddressGuard {
  /** True for loopback, private, link-local, multicast and reserved addresses. */
  isPrivate(address: string): boolean;
  /** The IP literal in a URL hostname (brackets stripped), if it is one. */
  literal(hostname: string): string | undefined;
  /** A dns.lookup replacement for net.connect that refuses names resolving to non-public addresses. */
  lookup: typeof dnsLookup;
}

/** `allowLoopback` lets local fixture servers through while every other non-public range stays refused. */
export function createAddressGuard(options: { allowLoopback?: boolean } = {}): AddressGuard {
  const blocked = buildBlockList();
  const loopback = new BlockList();
  loopback.addSubnet('127.0.0.0', 8, 'ipv4');
  loopback.addAddress('::1', 'ipv6');
  const isPrivate = (address: string): boolean => {
    const v4 = embeddedV4(address);
    const family = v4 ? 4 : isIP(address);
    if (family === 0) return true;
    const bare = v4 ?? address;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (options.allowLoopback && loopback.check(bare, type)) return false;
    return blocked.check(bare, type);
  };
  const literal = (hostname: string): string | undefined => {
    const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
    return isIP(bare) ? bare : undefined;
  };
  const lookup = ((hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void) => {
    const wantsAll = typeof options === 'object' && options.all === true;
    const base = typeof options === 'object' ? options : {};
    dnsLookup(hostname, { ...base, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      // Any private answer refuses the name: a mixed answer is how DNS rebinding slips through.
      const bad = addresses.find((entry) => isPrivate(entry.address));
      if (bad) return callback(new PrivateAddressError(hostname, bad.address));
      const first = addresses[0];
      if (wantsAll) return callback(null, addresses);
      return first ? callback(null, first.address, first.family) : callback(error);
    });
  }) as typeof dnsLookup;
  return { isPrivate, literal, lookup };
}
