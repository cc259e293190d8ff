import { join } from 'node:path';
import { writeFileAtomic } from '../../shared/fs.ts';
import type { PipelineEvent } from '../events.ts';
import { emptyReport, type Notifier } from '../port.ts';

export interface IssueDraft {
  title: string;
  body: string;
  labels: string[];
}

/** A file name from an event id: stable, so a re-run rewrites the same draft instead of adding one. */
export function draftFileName(eventId: string): string {
  return eventId.replace(/[^a-zA-Z0-9._-]+/g, '_').slice(0, 180) + '.md';
}

/**
 * The embedded default for maintainers when there is no GitHub token: each issue the GitHub adapter would open
 * is written to outbox/issues/ as a Markdown draft, rendered by the same code.
 */
export function createIssueDraftNotifier(deps: { dir: string; render: (event: PipelineEvent) => IssueDraft }): Notifier {
  return {
    name: 'issue-drafts',
    async deliver(events) {
      const report = emptyReport();
      for (const event of events) {
        const draft = deps.render(event);
        const path = join(deps.dir, draftFileName(event.id));
        const front = `<!-- draft issue: policywatch had no GITHUB_TOKEN; open it by hand or set the token -->\n`;
        try {
          await writeFileAtomic(path, `${front}# ${draft.title}\n\nLabels: ${draft.labels.join(', ')}\n\n${draft.body}\n`);
        } catch (error) {
          // A full disk or a blocked path fails this draft only; the queue retries it on the next run.
          const code = (error as NodeJS.ErrnoException).code;
          report.failed.push({
            eventId: event.id,
            error: `could not write the issue draft ${path}${code ? ` (${code})` : ''}; make room on the disk or move away what is in its place: the draft stays queued`,
            transient: true,
          });
          continue;
        }
        report.links[event.id] = path;
        report.delivered.push(event.id);
      }
      return report;
    },
  };
}
