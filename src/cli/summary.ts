import type { RunReport } from '../run/report.ts';
import { countOutcomes, heldWhy } from '../run/report.ts';
import { redactSecrets, terminalLine, type Redactor } from '../untrusted/index.ts';

const MARK: Record<string, string> = {
  substantive: '●',
  formatting: '○',
  first: '+',
  failed: '✗',
  held: '?',
  technical: '~',
};

/**
 * The short human summary `check` prints. `watched`: the documents this run was given, so the claims of a page that
 * could not be fetched (no claim of it in the report) show as pending instead of vanishing from the count.
 */
export function formatRunSummary(
  report: RunReport,
  channels: readonly string[],
  redact: Redactor = redactSecrets,
  watched: readonly { id: string; claims: readonly unknown[] }[] = [],
): string {
  const c = countOutcomes(report);
  const unchanged = c.noise + c['not-modified'];
  const lines = [
    `policywatch check: ${report.documents.length} document(s): ${c.substantive} changed, ${c.formatting} formatting only, ` +
      `${c.first} first record(s), ${unchanged} unchanged (${c['not-modified']} by 304), ${c.failed} failed` +
      (c.held ? `, ${c.held} held for confirmation` : '') +
      (c.technical ? `, ${c.technical} re-extracted` : ''),
  ];
  for (const doc of report.documents) {
    const mark = MARK[doc.outcome];
    if (!mark) continue;
    const detail =
      doc.outcome === 'failed'
        ? `${doc.failure?.reason}: ${doc.failure?.message}`
        : doc.outcome === 'held'
          ? heldWhy(doc.held)
          : (doc.headline ?? doc.outcome);
    lines.push(`  ${mark} ${doc.id.padEnd(28)} ${terminalLine(detail, redact)}${doc.issueUrl ? `  → ${terminalLine(doc.issueUrl, redact)}` : ''}`);
  }
  const { verified, reworded, missing } = report.claims;
  const checked = new Set(report.claims.items.map((c) => c.docId));
  const pending = watched.filter((d) => !checked.has(d.id)).reduce((n, d) => n + d.claims.length, 0);
  lines.push(`claims: ${verified} verified, ${reworded} reworded, ${missing} missing` + (pending > 0 ? `, ${pending} pending (their page was not fetched)` : ''));
  const n = report.notifications;
  lines.push(
    `notifications: ${n.queued} new, ${n.delivered} delivered, ${n.failed.length} failed, ${n.pending} pending for the next run`,
  );
  for (const channel of channels) lines.push(`  ${channel}`);
  return lines.join('\n') + '\n';
}
