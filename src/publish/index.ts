export { commitAndPush, type CommitAndPushOptions, type CommitAndPushResult } from './commit.ts';
export { execGit, BOT_NAME, BOT_EMAIL, type GitRunner, type GitResult } from './git.ts';
export { GitError, PublishError, ShardMergeError } from './errors.ts';
export { annotations, commitMessage, renderJobSummary, withNotifyResult, type OutputOptions } from './summary.ts';
export { mergeShardReports, missingShards } from './merge.ts';
export { packShard, applyShardBundles, type ApplyResult } from './bundle.ts';
export { mergeJsonVersions } from './json-merge.ts';
export { readRunReport, readNotifyResult, stepOutputs, appendStepOutputs } from './report-file.ts';
