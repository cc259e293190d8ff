import type { Octokit } from '@octokit/rest';
import { IssueSchema, CommentSchema } from './schema.ts';
import { toGithubError } from './errors.ts';
import { labelStyle } from './render.ts';

export interface IssueInfo {
  number: number;
  htmlUrl: string;
  state: 'open' | 'closed';
  body: string;
  labels: string[];
}

export interface CommentInfo {
  htmlUrl: string;
  body: string;
}

export interface Repository {
  owner: string;
  repo: string;
}

function toIssue(raw: unknown): IssueInfo {
  const issue = IssueSchema.parse(raw);
  return {
    number: issue.number,
    htmlUrl: issue.html_url,
    state: issue.state === 'open' ? 'open' : 'closed',
    body: issue.body ?? '',
    labels: issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
  };
}

/** The few GitHub calls the notifier makes; every error leaves here as a GithubError. */
export function createGithubApi(octokit: Octokit, repository: Repository) {
  const name = `${repository.owner}/${repository.repo}`;
  const base = { owner: repository.owner, repo: repository.repo };
  const knownLabels = new Set<string>();

  async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toGithubError(error, name, what);
    }
  }

  return {
    name,

    /** Open and closed issues carrying the label: strongly consistent, unlike the search API. */
    listIssuesWithLabel: (label: string): Promise<IssueInfo[]> =>
      call('list issues', async () => {
        const items = await octokit.paginate(octokit.rest.issues.listForRepo, { ...base, labels: label, state: 'all', per_page: 100 });
        return items.filter((i) => !i.pull_request).map(toIssue);
      }),

    listComments: (issueNumber: number): Promise<CommentInfo[]> =>
      call('list issue comments', async () => {
        const items = await octokit.paginate(octokit.rest.issues.listComments, { ...base, issue_number: issueNumber, per_page: 100 });
        return items.map((raw) => {
          const c = CommentSchema.parse(raw);
          return { htmlUrl: c.html_url, body: c.body ?? '' };
        });
      }),

    createIssue: (issue: { title: string; body: string; labels: string[] }): Promise<IssueInfo> =>
      call('create an issue', async () => toIssue((await octokit.rest.issues.create({ ...base, ...issue })).data)),

    comment: (issueNumber: number, body: string): Promise<CommentInfo> =>
      call('comment on an issue', async () => {
        const c = CommentSchema.parse((await octokit.rest.issues.createComment({ ...base, issue_number: issueNumber, body })).data);
        return { htmlUrl: c.html_url, body: c.body ?? '' };
      }),

    setBody: (issueNumber: number, body: string): Promise<void> =>
      call('update an issue', async () => {
        await octokit.rest.issues.update({ ...base, issue_number: issueNumber, body });
      }),

    close: (issueNumber: number): Promise<void> =>
      call('close an issue', async () => {
        await octokit.rest.issues.update({ ...base, issue_number: issueNumber, state: 'closed', state_reason: 'completed' });
      }),

    addLabels: (issueNumber: number, labels: string[]): Promise<void> =>
      call('label an issue', async () => {
        await octokit.rest.issues.addLabels({ ...base, issue_number: issueNumber, labels });
      }),

    /** Creates missing labels with our colours; each label is looked up at most once per client. */
    ensureLabels: async (labels: readonly string[]): Promise<void> => {
      for (const label of labels) {
        if (knownLabels.has(label)) continue;
        await call('create labels', async () => {
          try {
            await octokit.rest.issues.getLabel({ ...base, name: label });
          } catch (error) {
            if ((error as { status?: unknown }).status !== 404) throw error;
            try {
              await octokit.rest.issues.createLabel({ ...base, name: label, ...labelStyle(label) });
            } catch (createError) {
              // 422: created meanwhile by someone else, which is what we wanted.
              if ((createError as { status?: unknown }).status !== 422) throw createError;
            }
          }
        });
        knownLabels.add(label);
      }
    },
  };
}

export type GithubApi = ReturnType<typeof createGithubApi>;
