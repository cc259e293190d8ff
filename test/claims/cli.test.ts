import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildClaimsReport, verifyClaims } from '../../src/claims/index.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import { createFixedClock } from '../../src/shared/clock.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-claims-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const ctx: CliContext = {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    env: {},
    cwd: dir,
    clock: createFixedClock('2026-11-22T09:00:00Z'),
    setExitCode: () => {},
  };
  const code = await main(args, ctx);
  return { code, out, err };
}

const doc = {
  id: 'privacy-10023548',
  title: 'How long do you store my data?',
  url: 'https://privacy.example.com/en/articles/10023548',
  claims: [
    { id: 'consumer-30-day-deletion', topic: 'deletion' as const, quote: 'deleted from our back-end storage systems within 30 days' },
    { id: 'consumer-5-year-retention', topic: 'retention' as const, quote: 'we will retain your data for up to 5 years' },
  ],
};

function reportJson(page: string): string {
  const statuses = verifyClaims(doc, page, new Date('2026-11-22T08:00:00Z'));
  return JSON.stringify(buildClaimsReport(statuses, { generatedAt: new Date('2026-11-22T08:00:05Z'), documents: [doc] }));
}

const PAGE = 'Chats are deleted from our back-end storage systems within 30 days.\n\nWe will retain your data for up to 2 years.\n';

describe('policywatch claims', () => {
  it("prints each claim's document, status, verified-on time and current wording", async () => {
    await writeFile(join(dir, 'claims.json'), reportJson(PAGE));
    const { code, out } = await run(['claims']);
    expect(code).toBe(0);
    expect(out).toContain('2 claim(s): 1 verified, 1 reworded, 0 missing, 0 pending; report of 2026-11-22');
    expect(out).toMatch(/verified {2}consumer-30-day-deletion[\s\S]*document: {4}How long do you store my data\? \(privacy-10023548\)/);
    expect(out).toContain('verified on: 2026-11-22');
    expect(out).toMatch(/REWORDED {2}consumer-5-year-retention {2}\[retention\] similarity 0\.\d\d/);
    expect(out).toContain('verified on: never (checked 2026-11-22)');
    expect(out).toContain('page says:   We will retain your data for up to 2 years');
  });

  it('--json prints the validated report; the path comes from settings.paths.claimsReport', async () => {
    await mkdir(join(dir, 'config', 'documents'), { recursive: true });
    await writeFile(join(dir, 'config', 'policywatch.yaml'), 'paths:\n  claimsReport: public/claims.json\n');
    await writeFile(
      join(dir, 'config', 'documents', 'a.yaml'),
      'documents:\n  - id: a\n    title: A\n    url: https://example.com/a\n',
    );
    await mkdir(join(dir, 'public'));
    await writeFile(join(dir, 'public', 'claims.json'), reportJson(PAGE));
    const { code, out } = await run(['claims', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ summary: { total: 2, verified: 1, reworded: 1 } });
  });

  it('--report reads another file; page text cannot smuggle terminal escapes', async () => {
    await writeFile(join(dir, 'other.json'), reportJson(PAGE.replace('retain your', 'retain your\u001b]0;pwned\u0007')));
    const { code, out } = await run(['claims', '--report', 'other.json']);
    expect(code).toBe(0);
    // The whole OSC sequence goes, title and all: no debris is left between the words.
    expect(out).toContain('page says:   We will retain your data for up to 2 years');
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\u0007');
  });

  it('configured claims never checked are pending (in text and JSON), never absent, and never "0 claim(s) checked"', async () => {
    await mkdir(join(dir, 'config', 'documents'), { recursive: true });
    const yaml = [
      'documents:',
      '  - id: privacy-10023548',
      '    title: How long do you store my data?',
      '    url: https://privacy.example.com/en/articles/10023548',
      '    guide: { effectiveDate: "2026-01-12", section: Retention }',
      '    claims:',
      ...doc.claims.flatMap((c) => [`      - id: ${c.id}`, `        topic: ${c.topic}`, `        quote: "${c.quote}"`]),
      '      - id: added-later',
      '        topic: retention',
      '        quote: "a claim added to the config after the last run"',
      '        guide: { section: "Claude Code (CLI)" }',
    ].join('\n');
    await writeFile(join(dir, 'config', 'documents', 'a.yaml'), yaml + '\n');

    const none = await run(['claims']);
    expect(none.code).toBe(0);
    expect(none.out).not.toMatch(/\b0 claim\(s\)/);
    expect(none.out).toContain('4 claim(s): 0 verified, 0 reworded, 0 missing, 4 pending; no check has run yet');
    expect(none.out).toMatch(/pending {2}added-later {2}\[retention\][\s\S]*guide: {7}section 'Claude Code \(CLI\)'[\s\S]*verified on: never \(not checked yet\)/);
    expect(none.out).toMatch(/pending {2}guide-effective-date {2}\[privacy, effective-date\]|pending {2}guide-effective-date {2}\[terms, effective-date\]/);

    await writeFile(join(dir, 'claims.json'), reportJson(PAGE));
    const { code, out } = await run(['claims', '--json']);
    expect(code).toBe(0);
    const shown = JSON.parse(out) as { summary: Record<string, number>; claims: { id: string; status: string }[] };
    expect(shown.summary).toMatchObject({ total: 4, verified: 1, reworded: 1, missing: 0, pending: 2 });
    expect(shown.claims.map((c) => [c.id, c.status])).toEqual([
      ['consumer-30-day-deletion', 'verified'],
      ['consumer-5-year-retention', 'reworded'],
      ['added-later', 'pending'],
      ['guide-effective-date', 'pending'],
    ]);
  });

  it('a missing report exits 2 and says what to do; a broken one names the problem and exits 2 too (the user restores it)', async () => {
    const missing = await run(['claims']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no claims report at .*claims\.json; run `policywatch check` first/);
    await writeFile(join(dir, 'claims.json'), '{"version": 1, "claims": "no"}');
    const broken = await run(['claims']);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/does not match its schema[\s\S]*generatedAt/);
    await writeFile(join(dir, 'claims.json'), '{');
    expect((await run(['claims'])).err).toMatch(/not valid JSON/);
  });
});
