import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { createStatusLine, startProgress } from '../../src/cli/progress.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { TestSite, articleHtml } from '../run/harness.ts';

const CLEAR = '\r\x1b[2K';

describe('the status line', () => {
  it('redraws in place, writes other lines above it, and clears itself at the end', () => {
    let out = '';
    const line = createStatusLine((s) => (out += s), () => 40);
    line.draw('[0/2] 0:00 checking a');
    line.above('warn  a: timeout');
    line.draw('[1/2] 0:01 checking b and a name far too long for the terminal');
    line.end();
    line.draw('after the end');
    expect(out).toBe(
      `${CLEAR}[0/2] 0:00 checking a` +
        `${CLEAR}warn  a: timeout\n[0/2] 0:00 checking a` +
        `${CLEAR}[1/2] 0:01 checking b and a name far t…` +
        CLEAR,
    );
  });
});

describe('progress', () => {
  const ctx = (progress: boolean): CliContext & { err: string } => {
    const c: CliContext & { err: string } = {
      err: '',
      stdout() {},
      stderr: (s) => void (c.err += s),
      env: {},
      cwd: '.',
      clock: systemClock,
      setExitCode() {},
      terminal: { columns: () => 80 },
      output: { level: 'normal', progress },
    };
    return c;
  };

  it('shows done/total, elapsed time and the documents in flight', () => {
    const c = ctx(true);
    let t = 0;
    const progress = startProgress(c, 'checking', { now: () => t });
    progress.begin(3);
    t = 200;
    progress.start('privacy');
    t = 400;
    progress.start('terms');
    t = 61_000;
    progress.done('privacy');
    expect(c.statusLine).toBeDefined();
    progress.end();
    expect(c.statusLine).toBeUndefined();
    const frames = c.err.split(CLEAR).filter(Boolean);
    expect(frames).toEqual(['[0/3] 0:00 checking', '[0/3] 0:00 checking privacy', '[0/3] 0:00 checking privacy, terms', '[1/3] 1:01 checking terms']);
  });

  it('draws nothing when the output mode says no progress', () => {
    const c = ctx(false);
    const progress = startProgress(c, 'checking');
    progress.begin(3);
    progress.start('a');
    progress.done('a');
    progress.end();
    expect(c.err).toBe('');
  });
});

describe('check on a terminal', () => {
  let site: TestSite;
  let root: string;
  beforeAll(async () => {
    site = await new TestSite().start();
    root = await makeTempDir();
    await mkdir(join(root, 'config', 'documents'), { recursive: true });
    await writeFile(join(root, 'config', 'policywatch.yaml'), 'http:\n  allowPrivateNetwork: true\n  hostDelayMs: 0\n  retries: 0\n');
    await writeFile(
      join(root, 'config', 'documents', 'a.yaml'),
      `documents:\n  - id: page-one\n    title: One\n    url: ${site.origin}/one\n  - id: page-two\n    title: Two\n    url: ${site.origin}/two\n`,
    );
    site.set('/one', articleHtml('<p>We keep deleted chats for 30 days in our back-end systems before they are erased.</p>'));
    site.set('/two', articleHtml('<p>We keep deleted files for 60 days in our back-end systems before they are erased.</p>'));
  });
  afterAll(async () => {
    await site.stop();
    await rm(root, { recursive: true, force: true });
  });

  const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    let stderr = '';
    let stdout = '';
    const code = await main(['check', '--config', join(root, 'config'), '--no-notify', ...args], {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      env,
      cwd: root,
      clock: systemClock,
      setExitCode() {},
      terminal: { columns: () => 100 },
    });
    return { code, stderr, stdout };
  };

  it('draws a progress line on a terminal, and none with --json, --quiet or in CI', async () => {
    const shown = await run([]);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toMatch(/\[0\/2\] \d:\d\d checking/);
    expect(shown.stderr).toMatch(/\[2\/2\] \d:\d\d checking/);
    expect(shown.stderr.lastIndexOf(CLEAR)).toBeGreaterThan(shown.stderr.lastIndexOf('[2/2]')); // cleared at the end
    expect(shown.stdout).not.toContain(CLEAR);
    for (const [args, env] of [[['--json'], {}], [['--quiet'], {}], [[], { CI: 'true' }]] as const) {
      const quiet = await run([...args], env);
      expect(quiet.stderr, `${args.join(' ')} ${JSON.stringify(env)}`).not.toContain(CLEAR);
    }
  });
});
