import { beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config/index.ts';
import { createApp } from '../../src/app/index.ts';
import { executeCheck } from '../../src/run/index.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { createMemoryLogger } from '../../src/shared/logger.ts';
import { FAST_APP } from '../support/app.ts';
import type { FakeIssue } from '../support/github-server.ts';
import { articleHtml } from '../run/harness.ts';
import { useFullStack } from './stack.ts';

const KEY = 'tracking-lifecycle-key-0123456789';
const PAGE = articleHtml('<p>Deleted conversations are removed from our back-end storage systems within 30 days.</p>');
const LOGIN_WALL = `<html><head><title>Sign in - Example</title></head><body><div id="root">
<form action="/session"><input name="email"><input type="password" name="password"><button>Sign in</button></form></div></body></html>`;

/**
 * A page that stops being readable, for one reason and then another, and comes back; runs are re-run and killed
 * (SIGKILL, a real child process) right after GitHub carried out a write whose answer never came. Maintainers get
 * exactly one "tracking failing" issue after the third failure in a row, one comment when the reason changes, and one
 * "tracking resumed" comment with the issue closed: each once.
 */
describe('the tracking lifecycle across re-runs and crashes', () => {
  const stack = useFullStack({
    readers: ['reader@example.org'],
    key: KEY,
    documentsYaml: (origin) => `documents:\n  - id: retention\n    title: Consumer retention article\n    url: ${origin}/retention\n    topics: [retention]\n`,
  });
  beforeEach(() => stack.site.set('/retention', PAGE));

  const check = async () => {
    const config = await loadConfig(join(stack.root, 'config'));
    const app = createApp({ ...FAST_APP, config, env: stack.env, clock: systemClock, logger: createMemoryLogger() });
    return executeCheck(app, { documents: config.documents, notify: true }).finally(() => app.close());
  };

  /** A check in a child process, killed once GitHub has carried out the next matching write and holds its answer. */
  async function checkKilledAfterWrite(method: string, path: RegExp): Promise<void> {
    stack.github.inject({ kind: 'applied-then-hang' }, { method, path });
    const held = stack.github.waitForHang();
    const child = spawn(process.execPath, [resolve('bin/run-ts.mjs'), resolve('test/system/fixtures/cli.ts'), 'check', '--config', join(stack.root, 'config')], {
      env: { ...process.env, ...stack.env },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    await Promise.race([held, exited.then(() => Promise.reject(new Error('the run ended before the write')))]);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
  }

  const tracking = (): FakeIssue[] => stack.github.issues.filter((i) => i.labels.includes('tracking-failing'));
  const comments = (issue: FakeIssue) => issue.comments.map((c) => (/Tracking resumed/.test(c.body) ? 'resumed' : /reason changed/i.test(c.body) ? 'reason' : 'other'));

  it('N failures: one issue; a new reason: one comment; recovery: one "resumed"; each once, though killed and re-run', async () => {
    const { site } = stack;
    expect((await check()).documents[0]?.outcome).toBe('first');

    site.set('/retention', 'Service Unavailable', 503);
    await check();
    await check();
    expect(tracking()).toHaveLength(0);
    // The third failure in a row: the run is killed right after GitHub created the issue.
    await checkKilledAfterWrite('POST', /\/issues$/);
    expect(tracking()).toHaveLength(1);
    await check();
    await check();
    expect(tracking()).toHaveLength(1);
    const [issue] = tracking();
    expect(issue!.title).toBe('Tracking failing: Consumer retention article');
    expect(comments(issue!)).toEqual([]);

    // A new reason: a login wall instead of a 503. Killed right after the comment was posted.
    site.set('/retention', LOGIN_WALL);
    await checkKilledAfterWrite('POST', /\/comments$/);
    await check();
    await check();
    expect(comments(issue!)).toEqual(['reason']);
    expect(issue!.comments[0]!.body).toContain('`blocked`');

    // Back: killed right after the "resumed" comment, before the issue was closed.
    site.set('/retention', PAGE);
    await checkKilledAfterWrite('POST', /\/comments$/);
    expect(issue!.state).toBe('open');
    const back = await check();
    expect(back.documents[0]?.failure).toBeUndefined();
    expect(comments(issue!)).toEqual(['reason', 'resumed']);
    expect(issue!.state).toBe('closed');

    await check();
    await check();
    expect(tracking()).toHaveLength(1);
    expect(comments(issue!)).toEqual(['reason', 'resumed']);
    expect(stack.smtp.received).toHaveLength(0);
  });
});
