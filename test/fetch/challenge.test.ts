import { describe, expect, it } from 'vitest';
import { detectChallenge } from '../../src/fetch/index.ts';

const policyText = (extra: string) => `<html><head><title>Privacy Policy | Example</title>
<script src="/cdn-cgi/challenge-platform/scripts/jsd/main.js"></script>
<script src="/_Incapsula_Resource?SWJIYLWA=719d34d31c8e3a6e6fffd425f7e032f3"></script></head>
<body><nav><a href="/login">Log in</a></nav><main><h1>Privacy Policy</h1>
${'<p>We collect the information you give us when you create an account and use our services. '.repeat(30)}</p>
${extra}</main></body></html>`;

describe('detectChallenge', () => {
  it('recognizes Cloudflare by header, title and markers', () => {
    expect(detectChallenge({ status: 403, headers: { 'CF-Mitigated': 'challenge' }, html: '' })?.reason).toBe('blocked');
    const page = '<html><head><title>Just a moment...</title></head><body><script>window._cf_chl_opt={}</script></body></html>';
    expect(detectChallenge({ status: 503, headers: {}, html: page })).toMatchObject({ reason: 'blocked', status: 503 });
    expect(detectChallenge({ status: 200, headers: {}, html: page })?.reason).toBe('blocked');
  });

  it('recognizes Akamai "Access Denied ... Reference #"', () => {
    const page = `<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>
      You don't have permission to access "http&#58;&#47;&#47;www&#46;example&#46;com&#47;" on this server.<P>
      Reference&#32;&#35;18&#46;1c2d3e4f&#46;1700000000&#46;abcdef</BODY></HTML>`;
    const pageHash = page.replace('&#35;', '#').replace(/&#46;/g, '.');
    expect(detectChallenge({ status: 403, headers: {}, html: pageHash })?.reason).toBe('blocked');
    // Even with entity-encoded dots the title alone on a tiny page says it.
    expect(detectChallenge({ status: 200, headers: {}, html: page })?.reason).toBe('blocked');
  });

  it('recognizes Imperva/Incapsula block pages', () => {
    const page = `<html><head><META NAME="robots" CONTENT="noindex,nofollow"></head><body>
      <iframe id="main-iframe" src="/_Incapsula_Resource?CWUDNSAI=9&xinfo=1" frameborder=0>
      Request unsuccessful. Incapsula incident ID: 123-456</iframe></body></html>`;
    expect(detectChallenge({ status: 200, headers: {}, html: page })?.reason).toBe('blocked');
  });

  it('recognizes a generic "Access denied" page served with 200', () => {
    const page = '<html><body><h1>Access denied</h1><p>Your request was blocked.</p></body></html>';
    expect(detectChallenge({ status: 200, headers: {}, html: page })?.reason).toBe('blocked');
  });

  it('recognizes a login wall', () => {
    const page = `<html><head><title>Sign in - Example</title></head><body><form action="/session">
      <input name="email"><input type="password" name="password"><button>Sign in</button></form></body></html>`;
    const found = detectChallenge({ status: 200, headers: {}, html: page });
    expect(found?.reason).toBe('blocked');
    expect(found?.message).toContain('Login wall');
  });

  it('does not flag a genuine policy that mentions access denied, log in and passwords', () => {
    const page = policyText(`<p>If access is denied, you may appeal. Access denied requests are logged.</p>
      <p>Log in to your account to download your data. Never share your password.</p>
      <form><input type="password" name="pw"></form>`);
    expect(detectChallenge({ status: 200, headers: { server: 'cloudflare' }, html: page })).toBeUndefined();
  });

  it('does not flag a short, genuine help article about signing in', () => {
    const page = `<html><head><title>How to sign in</title></head><body><main><h1>How to sign in</h1>
      <p>Open the app and choose Sign in. Enter the email address you registered with.</p></main></body></html>`;
    expect(detectChallenge({ status: 200, headers: {}, html: page })).toBeUndefined();
  });

  it('leaves 429 to the retry logic and plain error pages to http-status', () => {
    const page = '<html><head><title>Just a moment...</title></head><body></body></html>';
    expect(detectChallenge({ status: 429, headers: {}, html: page })).toBeUndefined();
    const notFound = '<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>';
    expect(detectChallenge({ status: 404, headers: {}, html: notFound })).toBeUndefined();
  });
});
