import type { Octokit } from '@octokit/rest';
import { describeError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { PipelineEvent } from '../events.ts';
import { emptyReport } from '../port.ts';
import type { DeliveryReport, Notifier } from '../port.ts';
import { createGithubApi } from './api.ts';
import type { CommentInfo, IssueInfo, Repository, WriteRetry } from './api.ts';
import { GithubError } from './errors.ts';
import { hasFingerprint, kindOf, marker, readMarkers } from './markers.ts';
import type { IssueKind } from './markers.ts';
import { docLabel, issueKind, labelsFor, renderComment, renderIssue } from './render.ts';
import { BODY_LIMIT } from './render-change.ts';

export interface GithubNotifierDeps {
  octokit: Octokit;
  repository: Repository;
  logger: Logger;
  /** Writes whose answer was lost: how often to look for their effect and try again (api.ts). */
  writeRetry: WriteRetry;
}

/**
 * Maintainers' channel: one GitHub issue per change, never a duplicate. GitHub is the record of what was posted:
 * each issue and comment carries its event's fingerprint in a hidden marker, and before posting we list the
 * document's issues (by the doc:<id> label, open and closed) and look for it. Calls scale with events, not documents.
 */
export function createGithubNotifier(deps: GithubNotifierDeps): Notifier {
  const { octokit, repository, logger, writeRetry } = deps;

  return {
    name: 'github',
    async deliver(events: readonly PipelineEvent[]): Promise<DeliveryReport> {
      const report = emptyReport();
      if (events.length === 0) return report;
      const api = createGithubApi(octokit, repository, writeRetry);
      // Per-run caches, updated as we post, so several events of one document in a run see each other's work.
      const issuesByDoc = new Map<string, IssueInfo[]>();
      const commentsByIssue = new Map<number, CommentInfo[]>();
      let fatal: GithubError | undefined;

      const docIssues = async (docId: string): Promise<IssueInfo[]> => {
        let issues = issuesByDoc.get(docId);
        if (!issues) {
          issues = await api.listIssuesWithLabel(docLabel(docId));
          issuesByDoc.set(docId, issues);
        }
        return issues;
      };
      const issueComments = async (issue: IssueInfo): Promise<CommentInfo[]> => {
        let comments = commentsByIssue.get(issue.number);
        if (!comments) {
          comments = await api.listComments(issue.number);
          commentsByIssue.set(issue.number, comments);
        }
        return comments;
      };
      /** The newest open issue of this kind for the document. */
      const openIssue = (issues: IssueInfo[], kind: IssueKind): IssueInfo | undefined =>
        issues.filter((i) => i.state === 'open' && kindOf(i.body) === kind).sort((a, b) => b.number - a.number)[0];

      // Fresh reads (not the run's cache), for after a write whose answer was lost: did it happen?
      const findIssue = async (docId: string, eventId: string) =>
        (await api.listIssuesWithLabel(docLabel(docId))).find((i) => hasFingerprint(i.body, eventId));
      const findComment = async (issue: IssueInfo, eventId: string) =>
        (await api.listComments(issue.number)).find((c) => hasFingerprint(c.body, eventId));
      const findLabels = async (docId: string, issue: IssueInfo, wanted: readonly string[]) => {
        const labels = (await api.listIssuesWithLabel(docLabel(docId))).find((i) => i.number === issue.number)?.labels;
        return labels && wanted.every((l) => labels.includes(l)) ? labels : undefined;
      };

      const postComment = async (issue: IssueInfo, event: PipelineEvent): Promise<void> => {
        const comment = await api.comment(issue.number, renderComment(event), () => findComment(issue, event.id));
        (await issueComments(issue)).push(comment);
        logger.info('github: commented on issue', { issue: issue.number });
      };

      const createIssue = async (event: PipelineEvent): Promise<IssueInfo> => {
        const rendered = renderIssue(event);
        await api.ensureLabels(rendered.labels);
        const issue = await api.createIssue(rendered, () => findIssue(event.doc.id, event.id));
        (await docIssues(event.doc.id)).push(issue);
        commentsByIssue.set(issue.number, []);
        logger.info('github: opened issue', { issue: issue.number, doc: event.doc.id, type: event.type });
        return issue;
      };

      /** Change and maintenance events: a new issue, or a comment on the open one. Returns the issue URL. */
      const deliverToIssue = async (event: PipelineEvent): Promise<string | undefined> => {
        const issues = await docIssues(event.doc.id);
        const done = issues.find((i) => hasFingerprint(i.body, event.id));
        if (done) return done.htmlUrl;
        const open = openIssue(issues, issueKind(event));
        if (!open) return (await createIssue(event)).htmlUrl;
        if (!(await issueComments(open)).some((c) => hasFingerprint(c.body, event.id))) {
          const missing = labelsFor(event).filter((l) => !open.labels.includes(l));
          if (missing.length > 0) {
            await api.ensureLabels(missing);
            open.labels = await api.addLabels(open.number, missing, () => findLabels(event.doc.id, open, missing));
          }
          await postComment(open, event);
        }
        // The body also lists the fingerprints delivered as comments: the by-label lookup reads bodies only, so a
        // re-run still finds this delivery after a maintainer closes the issue (closed issues' comments are not read).
        const body = `${open.body}\n${marker('fingerprint', event.id)}`;
        // GitHub's limit is 65,536 characters; rendered bodies stop at BODY_LIMIT, leaving room for markers.
        if (body.length <= BODY_LIMIT + 5_000) {
          await api.setBody(open.number, body);
          open.body = body;
        }
        return open.htmlUrl;
      };

      const deliverFailing = async (event: Extract<PipelineEvent, { type: 'tracking-failing' }>): Promise<string> => {
        const issues = await docIssues(event.doc.id);
        const open = openIssue(issues, 'tracking');
        if (!open) {
          const done = issues.find((i) => hasFingerprint(i.body, event.id));
          return (done ?? (await createIssue(event))).htmlUrl;
        }
        if (hasFingerprint(open.body, event.id)) return open.htmlUrl;
        const comments = await issueComments(open);
        if (comments.some((c) => hasFingerprint(c.body, event.id))) return open.htmlUrl;
        const reasons = [open.body, ...comments.map((c) => c.body)].flatMap((body) => readMarkers(body, 'reason'));
        // Same reason as last told: nothing new for maintainers.
        if (reasons.at(-1) !== event.failure.reason) await postComment(open, event);
        return open.htmlUrl;
      };

      const deliverResumed = async (event: Extract<PipelineEvent, { type: 'tracking-resumed' }>): Promise<string | undefined> => {
        const issues = await docIssues(event.doc.id);
        const open = issues.filter((i) => i.state === 'open' && kindOf(i.body) === 'tracking');
        for (const issue of open) {
          // A crash between commenting and closing leaves the comment: do not post it twice.
          if (!(await issueComments(issue)).some((c) => hasFingerprint(c.body, event.id))) await postComment(issue, event);
          await api.close(issue.number);
          issue.state = 'closed';
          logger.info('github: closed tracking issue', { issue: issue.number, doc: event.doc.id });
        }
        return open[0]?.htmlUrl;
      };

      const deliverOne = async (event: PipelineEvent): Promise<string | undefined> => {
        switch (event.type) {
          case 'tracking-failing':
            return deliverFailing(event);
          case 'tracking-resumed':
            return deliverResumed(event);
          default:
            return deliverToIssue(event);
        }
      };

      for (const event of events) {
        if (fatal) {
          report.failed.push({ eventId: event.id, error: fatal.message, transient: fatal.transient });
          continue;
        }
        try {
          const url = await deliverOne(event);
          if (url) report.links[event.id] = url;
          report.delivered.push(event.id);
        } catch (error) {
          const transient = error instanceof GithubError ? error.transient : true;
          const message = describeError(error);
          report.failed.push({ eventId: event.id, error: message, transient });
          logger.error('github: delivery failed', { event: event.id, error: message });
          // A bad token or missing access fails every later call the same way: stop calling.
          if (error instanceof GithubError && error.fatal) fatal = error;
        }
      }
      return report;
    },
  };
}
