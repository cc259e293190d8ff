import { describe, expect, it } from 'vitest';
import { createAddressGuard } from '../../src/fetch/address.ts';
import { looksClientRendered } from '../../src/fetch/index.ts';

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

describe('looksClientRendered', () => {
  it('recognizes an app shell', () => {
    expect(looksClientRendered('<html><body><div id="root"></div><script src="/main.js"></script></body></html>')).toBe(true);
    expect(
      looksClientRendered('<body><noscript>Please enable JavaScript to continue.</noscript><script>boot()</script></body>'),
    ).toBe(true);
  });

  it('leaves server-rendered pages alone, even with a root div and scripts', () => {
    const page = `<html><body><div id="root"><main><h1>Privacy</h1>${'<p>We process personal data lawfully.</p>'.repeat(20)}</main></div>
      <script src="/hydrate.js"></script></body></html>`;
    expect(looksClientRendered(page)).toBe(false);
    expect(looksClientRendered('<html><body><div id="root"></div></body></html>')).toBe(false);
  });
});
