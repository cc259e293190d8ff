export { commitAndPush, type CommitAndPushOptions, type CommitAndPushResult } from './commit.ts';
export { execGit, BOT_NAME, BOT_EMAIL, type GitRunner, type GitResult } from './git.ts';
export { GitError, PublishError, ShardMergeError } from './errors.ts';
export { annotations, commitMessage, renderJobSummary, withNotifyResult } from './summary.ts';
export { escapeCommandData, escapeCommandProperty, escapeMarkdown } from './escape.ts';
export type { DocOutcome, NotifyResult, ReportClaim, ReportDocument, RunReport } from './types.ts';
