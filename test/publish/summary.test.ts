import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { annotations, commitMessage, readRunReport, renderJobSummary, withNotifyResult } from '../../src/publish/index.ts';
import { withTempDir } from '../support/temp-dir.ts';
import { commandData } from '../../src/untrusted/index.ts';
import { runReportSchema, type RunReport } from '../../src/run/report.ts';

const hostile = 'Policy | <script>alert(1)</script> [click](javascript:alert(1)) @everyone\n::error::injected%0A\r::set-output name=x::y';

const report: RunReport = {
  startedAt: '2030-01-01T00:00:00Z',
  finishedAt: '2030-01-01T00:05:00Z',
  documents: [
    { id: 'privacy-policy', title: 'Privacy Policy', url: 'https://example.test/privacy', outcome: 'substantive', headline: 'Retention: 30 days → 90 days', issueUrl: 'https://github.test/o/r/issues/7' },
    { id: 'terms', title: 'Terms', url: 'https://example.test/terms', outcome: 'formatting' },
    { id: 'help', title: 'Help', url: 'https://example.test/help', outcome: 'not-modified' },
    { id: 'faq', title: 'FAQ', url: 'https://example.test/faq', outcome: 'noise' },
    { id: 'aup', title: 'AUP', url: 'https://example.test/aup', outcome: 'failed', failure: { reason: 'blocked', message: hostile, status: 403 } },
    { id: 'new-doc', title: hostile, url: 'javascript:alert(1)', outcome: 'first', headline: hostile },
  ],
  claims: {
    verified: 4,
    reworded: 1,
    missing: 1,
    items: [
      { id: 'thirty-days', docId: 'privacy-policy', status: 'reworded' },
      { id: 'no-training', docId: 'terms', status: 'missing' },
      { id: 'ok', docId: 'terms', status: 'verified' },
    ],
  },
  notifications: { queued: 2, delivered: 1, failed: [{ notifier: 'email', eventId: 'ev-1', error: 'SMTP 451\n::error::x' }], pending: 1 },
  issues: ['https://github.test/o/r/issues/7'],
};

describe('renderJobSummary', () => {
  const md = renderJobSummary(report);

  it('counts checked, changed, skipped (304) and failed documents, claims and issues', () => {
    expect(md).toContain('Checked 2030-01-01 00:00 UTC (300 s).');
    expect(renderJobSummary({ ...report, startedAt: undefined, finishedAt: undefined })).not.toContain('Checked ');
    expect(md).toContain('| Documents checked | 6 |');
    expect(md).toContain('| Changed: substantive | 1 |');
    expect(md).toContain('| Changed: formatting only | 1 |');
    expect(md).toContain('| New (first snapshot) | 1 |');
    expect(md).toContain('| Unchanged or noise | 1 |');
    expect(md).toContain('| Skipped (304 not modified) | 1 |');
    expect(md).toContain('| Failed | 1 |');
    expect(md).toContain('| Claims verified | 4 |');
    expect(md).toContain('| Claims drifted (reworded / missing) | 1 / 1 |');
    expect(md).toContain('- [https:\u200d//github.test/o/r/issues/7](https://github.test/o/r/issues/7)');
    expect(md).toContain('[issue](https://github.test/o/r/issues/7)');
    expect(md).toContain('`no-training`');
  });

  it('keeps page text from breaking the table, forming links or HTML, or mentioning people', () => {
    for (const line of md.split('\n').filter((l) => l.startsWith('|'))) {
      // Every row has as many unescaped cell separators as the header of its table.
      expect(line.replace(/\\\|/g, '').split('|').length).toBeGreaterThanOrEqual(3);
    }
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('](javascript:');
    expect(md).not.toMatch(/@everyone/);
    expect(md.split('\n').some((l) => l.startsWith('::'))).toBe(false);
    const failedRow = md.split('\n').find((l) => l.includes('`aup`'));
    expect(failedRow?.replace(/\\\|/g, '').split('|').length).toBe(5);
  });

  it('says which shards are missing from a merged report', () => {
    expect(renderJobSummary({ ...report, merged: { count: 3, shards: [1, 3] } })).toContain('Missing shards: 2');
  });
});

describe('annotations', () => {
  const lines = annotations(report);

  it('emits one single-line command per problem, with page text escaped', () => {
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(line).toMatch(/^::(warning|error) title=[^:,\n\r]*::/);
      expect(line).not.toMatch(/[\r\n]/);
    }
    expect(lines[0]).toContain('blocked (HTTP 403)');
    // A lone carriage return (which overwrites a line in a log) becomes a line break, encoded like the others.
    expect(lines[0]).toContain('%0A::error::injected%250A%0A::set-output');
    expect(lines.at(-1)).toMatch(/^::error title=policywatch%3A email delivery failed::event ev-1: SMTP 451%0A::error::x/);
  });

  it('escapes per the workflow-commands spec', () => {
    expect(commandData('100%\r\nnext')).toBe('100%25%0D%0Anext');
  });
});

describe('commitMessage', () => {
  it('names the changed documents in the subject and lists them in the body', () => {
    const message = commitMessage(report);
    const [subject, blank, ...body] = message.split('\n');
    expect(subject).toMatch(/^policywatch: 3 documents changed: privacy-policy, terms, new-doc/);
    expect(subject!.length).toBeLessThanOrEqual(72);
    expect(blank).toBe('');
    expect(body).toContain('- privacy-policy (substantive): Retention: 30 days → 90 days');
    expect(body).toContain('- aup failed: blocked');
    expect(body.join('\n')).not.toContain('\n::error');
  });

  it('says so when no text changed', () => {
    expect(commitMessage(runReportSchema().parse({ documents: [report.documents[2]!] })).split('\n')[0]).toBe('policywatch: checked 1 document, no text change');
  });
});

describe('withNotifyResult', () => {
  it('adds the issues and deliveries of the later notify step', () => {
    const merged = withNotifyResult({ ...report, issues: [] }, { queued: 3, delivered: 3, failed: [], pending: 0, issues: ['https://github.test/o/r/issues/9'] });
    expect(merged.issues).toEqual(['https://github.test/o/r/issues/9']);
    expect(merged.notifications).toMatchObject({ delivered: 4, pending: 0 });
    expect(renderJobSummary(merged)).toContain('| Issues opened or updated | 1 |');
  });
});

describe('report file', () => {
  it('names the wrong field and the fix when a report file does not parse', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'report.json');
      await writeFile(file, JSON.stringify({ documents: [{ id: 'a', title: 'A', url: 'https://example.test/a', outcome: 'unknown' }] }));
      await expect(readRunReport(file)).rejects.toThrow(/report\.json is not a run report: field "documents\.0\.outcome": .*policywatch check --json/);
    });
  });
});
