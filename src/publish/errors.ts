import { PolicywatchError, type PolicywatchErrorOptions } from '../shared/errors.ts';
import { redactSecrets } from '../untrusted/index.ts';

/** Publishing could not commit or push. `transient`: the next run (or a re-run) may succeed. */
export class PublishError extends PolicywatchError {}

/** A git command exited non-zero. Decisions use `exitCode` and repository state, never the stderr text. */
export class GitError extends PublishError {
  readonly stderr: string;
  constructor(
    message: string,
    readonly args: string[],
    readonly exitCode: number,
    /** Kept for the log; git prints no secrets, but a remote URL may carry a token, so it is redacted. */
    stderr: string,
    options: PolicywatchErrorOptions = {},
  ) {
    super(message, options);
    this.stderr = redactSecrets(stderr).slice(0, 2000);
  }
}

/** Two shards (or a shard and the repository) wrote different versions of a file the merge cannot combine. */
export class ShardMergeError extends PolicywatchError {}
