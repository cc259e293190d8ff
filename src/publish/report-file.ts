import { appendFile, readFile } from 'node:fs/promises';
import { stepOutputsFile, type Redactor } from '../untrusted/index.ts';
import { PublishError } from './errors.ts';
import { CHANGED_OUTCOMES, notifyResultSchema, parseRunReport, type NotifyResult, type RunReport } from '../run/report.ts';

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new PublishError(`cannot read the ${what} ${path}`, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new PublishError(`the ${what} ${path} is not JSON (was it written by --json?)`, { cause });
  }
}

export async function readRunReport(path: string): Promise<RunReport> {
  const parsed = parseRunReport(await readJson(path, 'run report'));
  if ('problem' in parsed) {
    throw new PublishError(`${path} is not a run report: ${parsed.problem}; write it with \`policywatch check --json\` of this version`);
  }
  return parsed.report;
}

export async function readNotifyResult(path: string): Promise<NotifyResult> {
  const parsed = notifyResultSchema().safeParse(await readJson(path, 'notify result'));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PublishError(
      `${path} is not the output of \`policywatch notify --json\`: field "${issue?.path.join('.') || '(root)'}": ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/** The step outputs the reusable action exposes: counts, the issue URLs and the snapshot commit. */
export function stepOutputs(report: Pick<RunReport, 'documents' | 'issues'>, commit: string | undefined): Record<string, string> {
  const changed = report.documents.filter((d) => CHANGED_OUTCOMES.includes(d.outcome));
  return {
    checked: String(report.documents.length),
    changed: String(changed.length),
    substantive: String(report.documents.filter((d) => d.outcome === 'substantive').length),
    failed: String(report.documents.filter((d) => d.outcome === 'failed').length),
    'changed-documents': JSON.stringify(changed.map((d) => d.id)),
    'issue-urls': JSON.stringify(report.issues),
    commit: commit ?? '',
  };
}

/** Appends to $GITHUB_OUTPUT: values sanitized and redacted, each in a heredoc with a random delimiter. */
export async function appendStepOutputs(file: string, outputs: Record<string, string>, redact?: Redactor): Promise<void> {
  await appendFile(file, stepOutputsFile(outputs, redact));
}
