/**
 * Secret-shaped strings never reach an output, even when a page (or an error message) happens to carry one:
 * tokens by their documented shapes, credentials inside URLs, and the values of the secrets this process was given.
 */

export const REDACTED = '[redacted]';

/** Shapes of credentials, each with a prefix or structure rare in prose. */
const PATTERNS: readonly RegExp[] = [
  // GitHub: personal, OAuth, user-to-server, server-to-server and refresh tokens; fine-grained personal tokens.
  /\bgh[pousr]_[A-Za-z0-9]{20,255}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,255}\b/g,
  // Slack (xoxb-, xoxp-, …, app-level xapp-), and sk-/pk-/rk- API keys (Stripe, OpenAI, Anthropic and others).
  /\b(?:xox[abeoprs]|xapp|sk|pk|rk)[-_][A-Za-z0-9_-]{20,}/g,
  // AWS access key ids, and a secret access key where it is labelled as one.
  /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g,
  /(?<=\baws_?secret_?access_?key["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
  // JSON Web Tokens: three base64url parts, the first two JSON objects.
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  // "Bearer <token>": the token must look like one (long, with a digit), so "bearer tokens" in prose stays.
  /(?<=\bBearer\s+)(?=[A-Za-z0-9._~+/-]*\d)[A-Za-z0-9._~+/-]{16,}=*/gi,
];

/** PEM private keys, whole (an unterminated block is cut to the end of the text). */
const PRIVATE_KEY = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;

/**
 * The user information of a URL of any scheme (https, smtps, postgres, …): "user:password@" and a bare "token@", as
 * in https://<token>@github.com/owner/repo.
 */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;

/** Known secret values shorter than this are not searched for: "a" or "1234" would blank out ordinary text. */
const MIN_KNOWN_SECRET = 8;

/** Replaces secrets with "[redacted]". */
export type Redactor = (text: string) => string;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A redactor for the token shapes, credentials in URLs and, when given, the literal values of configured secrets
 * (as given and percent-encoded, as they appear inside a URL).
 */
export function createRedactor(knownSecrets: Iterable<string> = []): Redactor {
  const values = new Set<string>();
  for (const secret of knownSecrets) {
    if (secret.length < MIN_KNOWN_SECRET) continue;
    values.add(secret);
    values.add(encodeURIComponent(secret));
  }
  const known = values.size
    ? new RegExp([...values].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g')
    : undefined;
  return (text) => {
    let out = known ? text.replace(known, REDACTED) : text;
    out = out.replace(PRIVATE_KEY, `${REDACTED} private key`).replace(URL_CREDENTIALS, `$1${REDACTED}@`);
    for (const pattern of PATTERNS) out = out.replace(pattern, REDACTED);
    return out;
  };
}

/** Redacts by shape only: what every renderer does when it knows no secret values. */
export const redactSecrets: Redactor = createRedactor();

/** Environment variables that hold credentials policywatch (or Actions) uses. */
const SECRET_ENV = ['GITHUB_TOKEN', 'GH_TOKEN', 'SMTP_PASSWORD', 'POLICYWATCH_SUBSCRIBERS_KEY', 'POLICYWATCH_WEBHOOK_SECRET', 'POLICYWATCH_SERVE_TOKEN', 'SLACK_WEBHOOK_URL', 'ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'];

/** The secret values in an environment: the variables above, and the password inside SMTP_URL. */
export function secretsFromEnv(env: NodeJS.ProcessEnv): string[] {
  const values = SECRET_ENV.map((name) => env[name]).filter((v): v is string => Boolean(v));
  if (env.SMTP_URL) {
    values.push(env.SMTP_URL);
    const url = URL.canParse(env.SMTP_URL) ? new URL(env.SMTP_URL) : undefined;
    if (url?.password) {
      values.push(url.password);
      try {
        values.push(decodeURIComponent(url.password));
      } catch {
        // A malformed escape: the raw form above is what appears in text.
      }
    }
  }
  return values;
}

/** A redactor that also knows the secret values of this environment. */
export function redactorFor(env: NodeJS.ProcessEnv): Redactor {
  return createRedactor(secretsFromEnv(env));
}
