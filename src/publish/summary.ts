import { githubPlain, markdownInline, markdownLink, plainLine, redactSecrets, workflowCommand, type Redactor } from '../untrusted/index.ts';
import { missingShards } from './merge.ts';
import { CHANGED_OUTCOMES, heldWhy, type NotifyResult, type ReportDocument, type RunReport } from '../run/report.ts';
import type { DocOutcomeKind } from '../run/types.ts';

/** A job summary is capped at 1 MiB per step: long lists are cut, with a count of what was left out. */
const MAX_ROWS = 200;

const changed = (report: RunReport) => report.documents.filter((d) => CHANGED_OUTCOMES.includes(d.outcome));
const count = (report: RunReport, ...outcomes: DocOutcomeKind[]) => report.documents.filter((d) => outcomes.includes(d.outcome)).length;

/** Folds the result of the later `policywatch notify` step into the check's report. */
export function withNotifyResult(report: RunReport, result: NotifyResult): RunReport {
  const before = report.notifications;
  return {
    ...report,
    issues: [...new Set([...report.issues, ...result.issues])],
    notifications: {
      queued: Math.max(before.queued, result.queued),
      delivered: before.delivered + result.delivered,
      failed: [...before.failed, ...result.failed],
      pending: result.pending,
    },
  };
}

/** The commit message: a subject naming what changed, and a body line per changed or failed document. */
export function commitMessage(report: RunReport): string {
  const docs = changed(report);
  const failed = report.documents.filter((d) => d.outcome === 'failed');
  const shard = report.shard && report.shard.count > 1 ? ` [shard ${report.shard.index}/${report.shard.count}]` : '';
  let subject: string;
  if (docs.length === 0) {
    subject = `policywatch: checked ${report.documents.length} document${report.documents.length === 1 ? '' : 's'}, no text change`;
  } else {
    const names = docs.map((d) => d.id).join(', ');
    const head = `policywatch: ${docs.length} document${docs.length === 1 ? '' : 's'} changed`;
    subject = plainLine(`${head}: ${names}`, 72);
  }
  // GitHub links references in commit messages too: a page's "#1" would cross-reference issue 1.
  const lines = docs.map((d) => `- ${d.id} (${d.outcome})${d.headline ? `: ${githubPlain(d.headline, 120)}` : ''}`);
  if (failed.length > 0) lines.push('', ...failed.map((d) => `- ${d.id} failed: ${d.failure ? d.failure.reason : 'unknown'}`));
  const claims = report.claims;
  lines.push('', `Claims: ${claims.verified} verified, ${claims.reworded} reworded, ${claims.missing} missing.`);
  return `${subject}${shard}\n${lines.length ? `\n${lines.join('\n')}\n` : ''}`;
}

function table(header: string[], rows: string[][]): string[] {
  const shown = rows.slice(0, MAX_ROWS);
  const out = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...shown.map((r) => `| ${r.join(' | ')} |`)];
  if (rows.length > shown.length) out.push('', `…and ${rows.length - shown.length} more.`);
  return out;
}

const docCell = (d: ReportDocument) => `${markdownLink(d.title, d.url)} \`${d.id.replace(/`/g, '')}\``;

/** "Checked 2026-11-30 06:37 UTC (14 s)." from the report's start and end, when it has them. */
function checkedLine(report: RunReport): string | undefined {
  const started = report.startedAt ? new Date(report.startedAt) : undefined;
  if (!started || Number.isNaN(started.getTime())) return undefined;
  const finished = report.finishedAt ? new Date(report.finishedAt) : undefined;
  const seconds = finished && !Number.isNaN(finished.getTime()) ? Math.round((finished.getTime() - started.getTime()) / 1000) : undefined;
  return `Checked ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC${seconds !== undefined && seconds >= 0 ? ` (${seconds} s)` : ''}.`;
}

export interface OutputOptions {
  /** Redacts secrets; give one that knows the environment's secret values (redactorFor(env)). */
  redact?: Redactor;
}

/** The Markdown job summary ($GITHUB_STEP_SUMMARY): counts first, then what needs a person's attention. */
export function renderJobSummary(report: RunReport, options: OutputOptions = {}): string {
  const redact = options.redact ?? redactSecrets;
  const cell = (text: string, max?: number) => markdownInline(text, max, redact);
  const { claims, issues } = report;
  const title = report.shard && report.shard.count > 1 ? `policywatch run (shard ${report.shard.index}/${report.shard.count})` : 'policywatch run';
  const out: string[] = [`## ${title}`, ''];
  // When the documents were last checked lives here and in the run report, not in a committed file.
  const checked = checkedLine(report);
  if (checked) out.push(checked, '');
  const missing = missingShards(report);
  if (report.merged) {
    out.push(`Merged ${report.merged.shards.length} of ${report.merged.count} shards.${missing.length ? ` Missing shards: ${missing.join(', ')} (their documents were not checked this run).` : ''}`, '');
  }
  out.push(
    ...table(
      ['', 'Count'],
      [
        ['Documents checked', String(report.documents.length)],
        ['Changed: substantive', String(count(report, 'substantive'))],
        ['Changed: formatting only', String(count(report, 'formatting'))],
        ['New (first snapshot)', String(count(report, 'first'))],
        ['Unchanged or noise', String(count(report, 'noise', 'technical'))],
        ['Skipped (304 not modified)', String(count(report, 'not-modified'))],
        ['Held back for confirmation', String(count(report, 'held'))],
        ['Failed', String(count(report, 'failed'))],
        ['Claims verified', String(claims.verified)],
        ['Claims drifted (reworded / missing)', `${claims.reworded} / ${claims.missing}`],
        ['Issues opened or updated', String(issues.length)],
      ],
    ),
  );
  const docs = changed(report);
  if (docs.length > 0) {
    out.push('', '### Changed', '');
    out.push(...table(['Document', 'Change', 'Issue'], docs.map((d) => [docCell(d), `${d.outcome}${d.headline ? `: ${cell(d.headline, 160)}` : ''}`, d.issueUrl ? markdownLink('issue', d.issueUrl) : ''])));
  }
  const failed = report.documents.filter((d) => d.outcome === 'failed' || d.outcome === 'held');
  if (failed.length > 0) {
    out.push('', '### Failed or held back', '');
    out.push(...table(['Document', 'Reason', 'Detail'], failed.map((d) => [docCell(d), d.failure ? cell(d.failure.reason) : d.outcome, d.failure ? cell(d.failure.message, 200) : ''])));
  }
  const drifted = claims.items.filter((c) => c.status !== 'verified');
  if (drifted.length > 0) {
    out.push('', '### Drifted claims', '');
    out.push(...table(['Document', 'Claim', 'Status'], drifted.map((c) => [`\`${c.docId.replace(/`/g, '')}\``, `\`${c.id.replace(/`/g, '')}\``, c.status])));
  }
  if (issues.length > 0) {
    out.push('', '### Issues', '', ...issues.slice(0, MAX_ROWS).map((url) => `- ${markdownLink(url, url)}`));
  }
  const n = report.notifications;
  out.push('', `Notifications: ${n.queued} queued, ${n.delivered} delivered, ${n.failed.length} failed, ${n.pending} pending.`);
  return out.join('\n') + '\n';
}

/**
 * Workflow-command annotations, one per line, for the Actions UI. Failed fetches and held-back documents are
 * warnings (the next run retries; maintainers get an issue past the failure threshold); undelivered
 * notifications are errors, since someone was not told.
 */
export function annotations(report: RunReport, options: OutputOptions = {}): string[] {
  const redact = options.redact ?? redactSecrets;
  const command = (kind: 'error' | 'warning', title: string, message: string) =>
    workflowCommand(kind, { title: plainLine(title, 120, redact) }, message, redact);
  const lines: string[] = [];
  for (const d of report.documents) {
    if (d.outcome === 'failed') {
      const why = d.failure ? `${d.failure.reason}${d.failure.status ? ` (HTTP ${d.failure.status})` : ''}: ${d.failure.message}` : 'failed';
      lines.push(command('warning', `policywatch: ${d.id} not checked`, `${d.title} <${d.url}>: ${why}`));
    } else if (d.outcome === 'held') {
      lines.push(command('warning', `policywatch: ${d.id} held back`, `${d.title}: ${heldWhy(d.held)}`));
    }
  }
  for (const c of report.claims.items) {
    if (c.status !== 'verified') lines.push(command('warning', `policywatch: claim ${c.id} ${c.status}`, `claim ${c.id} of ${c.docId} is ${c.status}`));
  }
  for (const f of report.notifications.failed) {
    lines.push(command('error', `policywatch: ${f.notifier} delivery failed`, `event ${f.eventId}: ${f.error} (queued; retried next run)`));
  }
  return lines;
}
