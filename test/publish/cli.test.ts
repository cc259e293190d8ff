import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';
import type { RunReport, RunReportFile } from '../../src/run/report.ts';
import { createFixedClock } from '../../src/shared/clock.ts';
import { git, makeRepos, write, type Repos } from './git-fixture.ts';

let repos: Repos | undefined;
afterEach(async () => {
  await repos?.cleanup();
  repos = undefined;
});

function context(cwd: string, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    env: { ...env, GIT_CONFIG_GLOBAL: '/dev/null' },
    cwd,
    clock: createFixedClock('2030-01-01T00:00:00Z'),
    setExitCode: () => {},
  };
  return { ctx, out, err };
}

// Written to a file as a hand-made report might be: notifications absent, read back with defaults.
const report = (docs: RunReport['documents'], shard?: RunReport['shard']): RunReportFile => ({
  documents: docs,
  claims: { verified: 2, reworded: 0, missing: 0 },
  issues: [],
  ...(shard ? { shard } : {}),
});

describe('policywatch publish', () => {
  it('writes the summary, annotations and step outputs, then commits and pushes', async () => {
    repos = await makeRepos({ 'snapshots/privacy/text.md': 'v1\n' });
    const r = repos;
    await write(r.a, 'snapshots/privacy/text.md', 'v2\n');
    await writeFile(join(r.root, 'report.json'), JSON.stringify(report([
      { id: 'privacy', title: 'Privacy', url: 'https://example.test/p', outcome: 'substantive' },
      { id: 'terms', title: 'Terms', url: 'https://example.test/t', outcome: 'failed', failure: { reason: 'timeout', message: 'no answer in 30 s' } },
    ])));
    await writeFile(join(r.root, 'notify.json'), JSON.stringify({ queued: 1, delivered: 1, failed: [], pending: 0, issues: ['https://github.test/o/r/issues/4'] }));
    const summary = join(r.root, 'summary.md');
    const outputs = join(r.root, 'outputs.txt');
    const { ctx, out } = context(r.a, { GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: outputs });
    const code = await main(['publish', '--report', '../report.json', '--notify-result', '../notify.json', '--summary', '--annotations', '--github-output'], ctx);
    expect(code).toBe(0);
    expect(out.join('')).toMatch(/^::warning title=policywatch%3A terms not checked::Terms <https:\/\/example.test\/t>: timeout: no answer in 30 s\n$/);
    expect(await readFile(summary, 'utf8')).toContain('| Issues opened or updated | 1 |');
    const outputText = await readFile(outputs, 'utf8');
    expect(outputText).toMatch(/^changed<<(ghadelimiter_\w+)\n1\n\1$/m);
    expect(outputText).toMatch(/^issue-urls<<(ghadelimiter_\w+)\n\["https:\/\/github.test\/o\/r\/issues\/4"\]\n\1$/m);
    const head = await git(r.remote, 'rev-parse', 'main');
    expect(outputText).toContain(`\n${head}\n`);
    expect(await git(r.remote, 'log', '-1', '--format=%s', 'main')).toBe('policywatch: 1 document changed: privacy');
  });

  it('fails with exit 1 and a message when the report is not a report', async () => {
    repos = await makeRepos();
    await writeFile(join(repos.root, 'bad.json'), '{"nope": true}');
    const { ctx, err } = context(repos.a);
    expect(await main(['publish', '--report', '../bad.json'], ctx)).toBe(1);
    expect(err.join('')).toContain('is not a run report');
  });
});

describe('policywatch publish --bundle and merge-shards', () => {
  it('carries each shard’s results into one commit', async () => {
    repos = await makeRepos({ 'snapshots/a/text.md': 'a1\n', 'snapshots/b/text.md': 'b1\n' });
    const r = repos;
    await write(r.a, 'snapshots/a/text.md', 'a2\n');
    await write(r.b, 'snapshots/b/text.md', 'b2\n');
    const doc = (id: string) => ({ id, title: id, url: `https://example.test/${id}`, outcome: 'substantive' as const });
    await writeFile(join(r.root, 'r1.json'), JSON.stringify(report([doc('a')], { index: 1, count: 2 })));
    await writeFile(join(r.root, 'r2.json'), JSON.stringify(report([doc('b')], { index: 2, count: 2 })));
    expect(await main(['publish', '--report', '../r1.json', '--bundle', '../shard-1'], context(r.a).ctx)).toBe(0);
    expect(await main(['publish', '--report', '../r2.json', '--bundle', '../shard-2'], context(r.b).ctx)).toBe(0);

    const mergeDir = join(r.root, 'merge');
    await git(r.root, 'clone', '--quiet', r.remote, mergeDir);
    expect(await main(['merge-shards', '../shard-1', '../shard-2', '--out', '../merged.json'], context(mergeDir).ctx)).toBe(0);
    const merged = JSON.parse(await readFile(join(r.root, 'merged.json'), 'utf8')) as RunReport;
    expect(merged.merged).toEqual({ count: 2, shards: [1, 2] });
    expect(await main(['publish', '--report', '../merged.json'], context(mergeDir).ctx)).toBe(0);
    expect(await git(r.remote, 'log', '--format=%s', 'main')).toBe('policywatch: 2 documents changed: a, b\nseed');
    expect(await git(r.remote, 'show', 'main:snapshots/b/text.md')).toBe('b2');
  });
});
