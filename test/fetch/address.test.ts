import { describe, expect, it } from 'vitest';
import { createAddressGuard } from '../../src/fetch/address.ts';

describe('address guard', () => {
  const guard = createAddressGuard();
  it.each([
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '127.0.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:10.0.0.1',
    '::ffff:7f00:1',
  ])('refuses %s', (address) => {
    expect(guard.isPrivate(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])('allows the public address %s', (address) => {
    expect(guard.isPrivate(address)).toBe(false);
  });

  it('lets loopback through only when asked, and nothing else', () => {
    const local = createAddressGuard({ allowLoopback: true });
    expect(local.isPrivate('127.0.0.2')).toBe(false);
    expect(local.isPrivate('::1')).toBe(false);
    expect(local.isPrivate('10.0.0.1')).toBe(true);
    expect(local.isPrivate('192.168.1.1')).toBe(true);
  });

  it('reads IP literals out of URL hostnames', () => {
    expect(guard.literal('[::1]')).toBe('::1');
    expect(guard.literal('10.0.0.1')).toBe('10.0.0.1');
    expect(guard.literal('example.com')).toBeUndefined();
  });
});
