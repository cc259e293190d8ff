import { NotifyError } from '../../shared/errors.ts';
import type { PolicywatchErrorOptions } from '../../shared/errors.ts';

export const REQUIRED_PERMISSION = '`issues: write`';

/** A GitHub API failure, classified by HTTP status (never by message text). */
export class GithubError extends NotifyError {
  readonly fatal: boolean;
  constructor(
    message: string,
    readonly repository: string,
    readonly status: number | undefined,
    options: PolicywatchErrorOptions & {
      /** Further requests in this run would fail the same way (bad token, no access): stop trying. */
      fatal?: boolean;
    } = {},
  ) {
    super(message, 'github', options);
    this.fatal = options.fatal ?? false;
  }
}

interface HttpLikeError {
  status?: unknown;
  response?: { headers?: Record<string, unknown> };
}

/** The status GitHub answered; undefined when no answer came (Octokit reports a dropped connection or timeout as 500). */
function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, response } = error as HttpLikeError;
  if (response === undefined) return undefined;
  return typeof status === 'number' && status >= 100 ? status : undefined;
}

function header(error: unknown, name: string): string | undefined {
  const headers = (error as HttpLikeError).response?.headers;
  const value = headers?.[name];
  return value === undefined || value === null ? undefined : String(value);
}

/** Wraps any error from Octokit once, at the adapter boundary. `what` says what we were doing, e.g. "create an issue". */
export function toGithubError(error: unknown, repository: string, what: string): GithubError {
  if (error instanceof GithubError) return error;
  const status = httpStatus(error);
  const opts = { cause: error };
  if (status === undefined) {
    return new GithubError(`could not reach the GitHub API to ${what} in ${repository} (no answer: network error or timeout)`, repository, undefined, {
      ...opts,
      transient: true,
    });
  }
  if (status === 401) {
    return new GithubError(
      `GitHub rejected the token (HTTP 401) while trying to ${what} in ${repository}: check GITHUB_TOKEN; ` +
        `it must be valid and have ${REQUIRED_PERMISSION} on ${repository}`,
      repository,
      status,
      { ...opts, fatal: true },
    );
  }
  // A 403/429 that still carries rate-limit headers is a limit the throttling plugin gave up waiting for.
  const rateLimited =
    (status === 403 || status === 429) && (header(error, 'x-ratelimit-remaining') === '0' || header(error, 'retry-after') !== undefined);
  if (rateLimited || status === 429) {
    return new GithubError(`GitHub rate limit still exceeded while trying to ${what} in ${repository}; will retry on the next run`, repository, status, {
      ...opts,
      transient: true,
    });
  }
  if (status === 403) {
    return new GithubError(
      `GitHub refused access (HTTP 403) while trying to ${what} in ${repository}: the token needs ${REQUIRED_PERMISSION} ` +
        `permission on ${repository} (and issues must be enabled there)`,
      repository,
      status,
      { ...opts, fatal: true },
    );
  }
  if (status === 404 || status === 410) {
    return new GithubError(
      `GitHub answered HTTP ${status} while trying to ${what} in ${repository}: the repository does not exist, has issues disabled, ` +
        `or the token cannot see it; the token needs ${REQUIRED_PERMISSION} on ${repository}`,
      repository,
      status,
      { ...opts, fatal: true },
    );
  }
  if (status >= 500) {
    return new GithubError(`GitHub server error (HTTP ${status}) while trying to ${what} in ${repository}; will retry on the next run`, repository, status, {
      ...opts,
      transient: true,
    });
  }
  return new GithubError(`GitHub rejected the request (HTTP ${status}) to ${what} in ${repository}`, repository, status, opts);
}
