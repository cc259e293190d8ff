/**
 * Every stage throws its own named error so callers decide by type and flags, never by message text.
 * Library errors are wrapped once, at the adapter boundary, and kept as `cause`.
 */
export interface PolicywatchErrorOptions {
  cause?: unknown;
  /** A retry (now or on the next run) may succeed. */
  transient?: boolean;
}

export class PolicywatchError extends Error {
  readonly transient: boolean;
  constructor(message: string, options: PolicywatchErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.transient = options.transient ?? false;
  }
}

/** Config files that do not parse or do not validate. `problems` are ready to print, one per line. */
export class ConfigError extends PolicywatchError {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
    options: PolicywatchErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** A mistake in the command line or a file it names (a missing CSV file, an unknown time zone): exit 2, not 3. */
export class UsageError extends PolicywatchError {}

export class StoreError extends PolicywatchError {}

export class NotifyError extends PolicywatchError {
  constructor(
    message: string,
    readonly notifier: string,
    options: PolicywatchErrorOptions = {},
  ) {
    super(message, options);
  }
}

export class CorpusError extends PolicywatchError {}

/** A short, secret-free description of any thrown value, for logs and reports. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
