import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGithub } from '../../support/github-server.ts';
import type { FakeGithub } from '../../support/github-server.ts';

/** The fake must catch what real GitHub would reject, or the notifier's tests prove nothing. */
describe('fake GitHub server', () => {
  let server: FakeGithub;
  beforeEach(async () => {
    server = await startFakeGithub();
  });
  afterEach(async () => {
    await server.close();
  });

  const call = (method: string, path: string, body?: unknown, token = server.token) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('records a request body that breaks the OpenAPI schema', async () => {
    await call('POST', '/repos/acme/guide/issues', { body: 'no title', labels: 'not-an-array' });
    expect(server.violations.join('\n')).toMatch(/issues\/create request: body .*title/);
    expect(server.violations.join('\n')).toMatch(/labels/);
  });

  it('records query parameters outside the schema, and unknown routes', async () => {
    await call('GET', '/repos/acme/guide/issues?state=bogus&per_page=100');
    await call('GET', '/repos/acme/guide/issues?unknown_param=1');
    await call('GET', '/repos/acme/guide/pulls');
    const all = server.violations.join('\n');
    expect(all).toMatch(/issues\/list-for-repo request: query \/state/);
    expect(all).toMatch(/unknown_param/);
    expect(all).toMatch(/unexpected request: GET \/repos\/acme\/guide\/pulls/);
  });

  it('serves schema-valid responses with pagination, and 401 for a wrong token', async () => {
    for (let i = 0; i < 5; i++) server.seedIssue({ title: `t${i}`, body: 'b', labels: ['doc:x'] });
    const first = await call('GET', '/repos/acme/guide/issues?labels=doc%3Ax&state=all&per_page=2');
    expect(first.headers.get('link')).toContain('rel="next"');
    expect(((await first.json()) as { number: number }[]).map((i) => i.number)).toEqual([5, 4]);
    expect((await call('GET', '/repos/acme/guide/labels/doc%3Ax')).status).toBe(200);
    expect((await call('GET', '/repos/acme/guide/issues', undefined, 'nope')).status).toBe(401);
    expect(server.violations).toEqual([]);
  });
});
