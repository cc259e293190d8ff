import { join } from 'node:path';
import { defineChannel } from '../channel.ts';
import { renderIssue } from '../github/render.ts';
import { maintainersTake } from '../routing.ts';
import { createIssueDraftNotifier } from './index.ts';

/** Maintainers' channel without a token: the issues GitHub would get, as Markdown drafts in outbox/issues/. */
export const issueDraftChannel = defineChannel({
  name: 'issue-drafts',
  role: 'maintainers',
  settings: ['paths.outbox'],
  takes: maintainersTake,
  status: () => ({ configured: true }),
  create({ outboxDir }, _options: undefined) {
    const dir = join(outboxDir, 'issues');
    return { notifier: createIssueDraftNotifier({ dir, render: renderIssue }), description: `issue drafts in ${dir}` };
  },
});
