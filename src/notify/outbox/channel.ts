import { join } from 'node:path';
import { defineChannel } from '../channel.ts';
import { maintainersTake } from '../routing.ts';
import { createIssueDraftNotifier, draftFileName } from './index.ts';
import { deferredNotifier } from '../port.ts';
import { writeFileAtomic } from '../../shared/fs.ts';

/** The GitHub adapter's renderer (and what it renders with) loads with the first draft: most runs write none. */
const loadRender = async () => (await import('../github/render.ts')).renderIssue;

/** Maintainers' channel without a token: the issues GitHub would get, as Markdown drafts in outbox/issues/. */
export const issueDraftChannel = defineChannel({
  name: 'issue-drafts',
  role: 'maintainers',
  settings: ['paths.outbox'],
  takes: maintainersTake,
  status: () => ({ configured: true }),
  create({ outboxDir }, _options: undefined) {
    const dir = join(outboxDir, 'issues');
    const notifier = deferredNotifier('issue-drafts', async () => createIssueDraftNotifier({ dir, render: await loadRender() }));
    return { notifier, description: `issue drafts in ${dir}` };
  },
  async test({ outboxDir }, message) {
    const path = join(outboxDir, 'issues', draftFileName(message.id));
    await writeFileAtomic(path, `<!-- a test draft: policywatch notify --test -->\n# ${message.subject}\n\n${message.text}\n`);
    return `wrote ${path}`;
  },
});
