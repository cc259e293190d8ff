import type { Octokit } from '@octokit/rest';
import { backoffMs } from '../../shared/backoff.ts';
import { IssueSchema, CommentSchema } from './schema.ts';
import { GithubError, toGithubError } from './errors.ts';
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

/** How often a write whose answer was lost is tried again, and how long to wait before looking for its effect. */
export interface WriteRetry {
  retries: number;
  /** The first wait's ceiling, doubled after each (shared/backoff.ts). */
  baseMs: number;
  sleep(ms: number): Promise<void>;
}

/** Octokit request option: the retry plugin must not re-send this request on its own. */
const NO_BLIND_RETRY = { request: { retries: 0 } };

/** A 5xx, a dropped connection or a timeout: the write may or may not have happened. */
const answerLost = (error: unknown) => error instanceof GithubError && (error.status === undefined || error.status >= 500);

/**
 * The few GitHub calls the notifier makes; every error leaves here as a GithubError.
 *
 * Reads and idempotent writes (PATCH of a body or a state) keep the retry plugin's automatic retries. Writes that
 * are not idempotent (create an issue, a comment, a label; add labels) are never re-sent blindly: GitHub sometimes
 * carries one out and then answers 502, or never answers. After such a failure the caller's `find` looks for the
 * write's effect (the fingerprint, the comment, the label), and the write is sent again only when it is absent.
 */
export function createGithubApi(octokit: Octokit, repository: Repository, writeRetry: WriteRetry) {
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

  async function writeOnce<T>(what: string, write: () => Promise<T>, find: () => Promise<T | undefined>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call(what, write);
      } catch (error) {
        if (!answerLost(error) || attempt > writeRetry.retries) throw error;
      }
      // Give GitHub time to finish a write it may still be carrying out, then look before writing again.
      await writeRetry.sleep(backoffMs(attempt - 1, Math.random, { baseMs: writeRetry.baseMs, maxMs: 30_000 }));
      const found = await find();
      if (found !== undefined) return found;
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

    /** `find` looks for the issue this create would make (by its fingerprint), after an answer was lost. */
    createIssue: (issue: { title: string; body: string; labels: string[] }, find: () => Promise<IssueInfo | undefined>): Promise<IssueInfo> =>
      writeOnce('create an issue', async () => toIssue((await octokit.rest.issues.create({ ...base, ...issue, ...NO_BLIND_RETRY })).data), find),

    /** `find` looks for this comment on the issue (by its fingerprint), after an answer was lost. */
    comment: (issueNumber: number, body: string, find: () => Promise<CommentInfo | undefined>): Promise<CommentInfo> =>
      writeOnce(
        'comment on an issue',
        async () => {
          const c = CommentSchema.parse((await octokit.rest.issues.createComment({ ...base, issue_number: issueNumber, body, ...NO_BLIND_RETRY })).data);
          return { htmlUrl: c.html_url, body: c.body ?? '' };
        },
        find,
      ),

    setBody: (issueNumber: number, body: string): Promise<void> =>
      call('update an issue', async () => {
        await octokit.rest.issues.update({ ...base, issue_number: issueNumber, body });
      }),

    close: (issueNumber: number): Promise<void> =>
      call('close an issue', async () => {
        await octokit.rest.issues.update({ ...base, issue_number: issueNumber, state: 'closed', state_reason: 'completed' });
      }),

    /** `find` reads the issue's labels again after an answer was lost: defined once all of `labels` are on it. */
    addLabels: (issueNumber: number, labels: string[], find: () => Promise<string[] | undefined>): Promise<string[]> =>
      writeOnce(
        'label an issue',
        async () => {
          const { data } = await octokit.rest.issues.addLabels({ ...base, issue_number: issueNumber, labels, ...NO_BLIND_RETRY });
          return data.map((l) => l.name);
        },
        find,
      ),

    /** Creates missing labels with our colours; each label is looked up at most once per client. */
    ensureLabels: async (labels: readonly string[]): Promise<void> => {
      const exists = (label: string) =>
        call('look up a label', async () => {
          try {
            await octokit.rest.issues.getLabel({ ...base, name: label });
            return true;
          } catch (error) {
            if ((error as { status?: unknown }).status !== 404) throw error;
            return undefined;
          }
        });
      for (const label of labels) {
        if (knownLabels.has(label)) continue;
        if (!(await exists(label))) {
          await writeOnce(
            'create labels',
            async () => {
              try {
                await octokit.rest.issues.createLabel({ ...base, name: label, ...labelStyle(label), ...NO_BLIND_RETRY });
              } catch (createError) {
                // 422: created meanwhile by someone else, which is what we wanted.
                if ((createError as { status?: unknown }).status !== 422) throw createError;
              }
              return true;
            },
            () => exists(label),
          );
        }
        knownLabels.add(label);
      }
    },
  };
}

export type GithubApi = ReturnType<typeof createGithubApi>;
