import { join } from 'node:path';
import { stat } from 'node:fs/promises';
import type { Transporter } from 'nodemailer';
import type { Settings } from '../../config/schema.ts';
import { writeFileAtomic } from '../../shared/fs.ts';
import { ConfigError } from '../../shared/errors.ts';
import { senderFix } from '../../config/environment.ts';
import { EmailSendError } from './errors.ts';
import type { SendFailureKind } from './errors.ts';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  messageId: string;
  date: Date;
}

/** The transport port. `send` resolves once the server (or the outbox) has taken the message, and throws EmailSendError. */
export interface MailTransport {
  readonly kind: 'smtp' | 'outbox';
  send(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}

/** nodemailer loads with the first message, not with the channel: most runs send none. */
const loadNodemailer = async () => (await import('nodemailer')).default;

/** A transporter made on first use, once. */
function lazyTransporter(make: (mailer: Awaited<ReturnType<typeof loadNodemailer>>) => Transporter): { get(): Promise<Transporter>; made(): Transporter | undefined } {
  let made: Transporter | undefined;
  let making: Promise<Transporter> | undefined;
  return {
    get: () => (making ??= loadNodemailer().then((mailer) => (made = make(mailer)))),
    made: () => made,
  };
}

const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL', 'EAUTH', 'ENOAUTH', 'EPROXY', 'EMAXLIMIT']);

/** Classifies a nodemailer error by its reply code and error code, never by its text (which may quote addresses). */
export function toSendError(error: unknown): EmailSendError {
  const e = (error ?? {}) as { responseCode?: unknown; code?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const reply = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  let kind: SendFailureKind = 'other';
  let message = `the message could not be sent${code ? ` (${code})` : ''}`;
  if (reply !== undefined && reply >= 400 && reply < 500) {
    kind = 'temporary';
    message = `the SMTP server deferred the message (${reply})`;
  } else if (reply !== undefined && reply >= 500) {
    kind = 'permanent';
    message = `the SMTP server rejected the message (${reply})`;
  } else if (code && CONNECTION_CODES.has(code)) {
    kind = 'connection';
    message = code === 'EAUTH' || code === 'ENOAUTH' ? 'the SMTP server refused the credentials' : `could not talk to the SMTP server (${code})`;
  }
  return new EmailSendError(message, kind, reply, { cause: error });
}

interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
}

function smtpConfig(env: NodeJS.ProcessEnv): SmtpConfig | undefined {
  if (env.SMTP_URL) {
    // The URL carries the password: never echo it in the error.
    const url = URL.canParse(env.SMTP_URL) ? new URL(env.SMTP_URL) : undefined;
    if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')) {
      throw new ConfigError('SMTP_URL is not a valid smtp:// or smtps:// URL', ['write it as smtp://user:password@host:587']);
    }
    const secure = url.protocol === 'smtps:';
    const user = decodeURIComponent(url.username);
    return {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      ...(user ? { auth: { user, pass: decodeURIComponent(url.password) } } : {}),
    };
  }
  if (!env.SMTP_HOST) return undefined;
  const port = env.SMTP_PORT ? Number(env.SMTP_PORT) : 587;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new ConfigError('SMTP_PORT is not a port number', ['e.g. SMTP_PORT=587']);
  return {
    host: env.SMTP_HOST,
    port,
    secure: port === 465,
    ...(env.SMTP_USER ? { auth: { user: env.SMTP_USER, pass: env.SMTP_PASSWORD ?? '' } } : {}),
  };
}

/** nodemailer counts messages per window; a fractional rate becomes one message per longer window. */
export function rateOptions(ratePerSecond: number): { rateLimit: number; rateDelta: number } {
  return ratePerSecond >= 1
    ? { rateLimit: Math.floor(ratePerSecond), rateDelta: 1000 }
    : { rateLimit: 1, rateDelta: Math.round(1000 / ratePerSecond) };
}

/** Whether the environment names an SMTP server (SMTP_URL, or SMTP_HOST); throws a ConfigError when it is malformed. */
export function hasSmtpSettings(env: NodeJS.ProcessEnv): boolean {
  return smtpConfig(env) !== undefined;
}

/** The connection pool, for tests and embedding; production uses the defaults. */
export interface SmtpPoolOptions {
  /** One pooled connection by default: the server's rate limits count connections too. */
  pool?: boolean;
  maxConnections?: number;
  /** Messages per second; default settings.email.ratePerSecond. */
  ratePerSecond?: number;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

/** SMTP over a pooled, rate-limited connection; undefined when the environment names no SMTP server. */
export function createSmtpTransport(env: NodeJS.ProcessEnv, settings: Settings, options: SmtpPoolOptions = {}): MailTransport | undefined {
  const config = smtpConfig(env);
  if (!config) return undefined;
  if (!settings.email.from) throw new ConfigError('email.from is not set, and SMTP needs a sender', [senderFix]);
  const transporter = lazyTransporter((nodemailer) => nodemailer.createTransport({
    ...config,
    pool: options.pool ?? true,
    maxConnections: options.maxConnections ?? 1,
    ...rateOptions(options.ratePerSecond ?? settings.email.ratePerSecond),
    connectionTimeout: options.connectionTimeoutMs ?? 15_000,
    greetingTimeout: options.greetingTimeoutMs ?? 15_000,
    socketTimeout: options.socketTimeoutMs ?? 60_000,
    // Never write SMTP transcripts: they contain addresses.
    logger: false,
    debug: false,
  }));
  return {
    kind: 'smtp',
    async send(mail) {
      try {
        await (await transporter.get()).sendMail({ ...mail, envelope: { from: mail.from, to: [mail.to] } });
      } catch (error) {
        throw toSendError(error);
      }
    },
    async close() {
      transporter.made()?.close();
    },
  };
}

/** A file name derived from the stable Message-ID, so a re-run finds the file it already wrote. */
export const outboxFileName = (messageId: string) => `${messageId.replace(/^<|>$/g, '').replace(/[^a-zA-Z0-9.-]/g, '_')}.eml`;

/** Writes each message as an RFC 822 file to `dir` (when no SMTP server is configured). */
export function createOutboxTransport(dir: string): MailTransport {
  const transporter = lazyTransporter((nodemailer) => nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }));
  return {
    kind: 'outbox',
    async send(mail) {
      const path = join(dir, outboxFileName(mail.messageId));
      // Only a message file counts as written; anything else in its place is a failure to report, not a delivery.
      const written = await stat(path).then((found) => found.isFile(), () => false);
      if (written) return;
      try {
        const info = await (await transporter.get()).sendMail(mail);
        await writeFileAtomic(path, info.message as Buffer);
      } catch (error) {
        // A full disk or a blocked path: this message only, and the next run may well succeed. The file name is a
        // hash of the Message-ID, never an address.
        const code = (error as NodeJS.ErrnoException).code;
        throw new EmailSendError(
          `could not write the message to ${path}${code ? ` (${code})` : ''}; make room on the disk or move away what is in its place: the message stays queued`,
          'temporary',
          undefined,
          { cause: error },
        );
      }
    },
    async close() {},
  };
}
