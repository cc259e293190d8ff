import { appendFile } from 'node:fs/promises';
import { annotations, renderJobSummary } from '../publish/summary.ts';
import type { RunReport } from './report.ts';
import { redactorFor } from '../untrusted/index.ts';

/** Appends the run's Markdown summary to a file such as $GITHUB_STEP_SUMMARY. */
export async function appendJobSummary(path: string, report: RunReport, env: NodeJS.ProcessEnv): Promise<void> {
  await appendFile(path, renderJobSummary(report, { redact: redactorFor(env) }) + '\n');
}

/** ::error / ::warning workflow commands for GitHub Actions; empty outside Actions. */
export function actionsAnnotations(env: NodeJS.ProcessEnv, report: RunReport): string[] {
  return env.GITHUB_ACTIONS === 'true' ? annotations(report, { redact: redactorFor(env) }) : [];
}
