import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withTempDir } from '../support/temp-dir.ts';
import { runCli } from '../support/cli.ts';

const TOKEN = 'serve-token-0123456789abcdef';

describe('policywatch push-status', () => {
  it("prints serve's error as one redacted line: no workflow command, no secret", async () => {
    // A serve that answers with an error carrying a newline, a workflow command and the token it was sent.
    const server = createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `broken\n::set-output name=x::${TOKEN}\u001b[31m` }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      await withTempDir(async (root) => {
        await mkdir(join(root, 'config', 'documents'), { recursive: true });
        await writeFile(join(root, 'config', 'documents', 'docs.yaml'), 'documents:\n  - id: terms\n    title: Terms\n    url: https://example.com/terms\n');
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const run = await runCli(['push-status'], { cwd: root, env: { POLICYWATCH_SERVE_URL: url, POLICYWATCH_SERVE_TOKEN: TOKEN } });
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/^push-status: serve answered 500: broken/);
        expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(run.stderr).not.toMatch(/^::/m);
        expect(run.stderr).not.toContain(TOKEN);
        expect(run.stderr).not.toContain('\u001b');
      });
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});
