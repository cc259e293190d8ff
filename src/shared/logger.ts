import { redactSecrets, safeJson, terminalLine, type Redactor } from '../untrusted/index.ts';

/** The logger port. Stages receive one; nothing logs through a module singleton. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogRecord {
  level: LogLevel;
  message: string;
  fields?: Record<string, unknown>;
}

/** Writes one line per record to a stream (stderr by default, so stdout stays clean for --json). */
export function createStreamLogger(
  options: { level?: LogLevel; write?: (line: string) => void; json?: boolean; redact?: Redactor } = {},
): Logger {
  const redact = options.redact ?? redactSecrets;
  const min = order[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const log = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (order[level] < min) return;
    if (options.json) {
      write(safeJson({ level, message, ...fields }, redact, 0));
      return;
    }
    // Messages and fields can carry page text (a challenge page's title) and error text: one line, no terminal
    // escapes, no workflow command, no secret.
    const extra = fields && Object.keys(fields).length ? ' ' + JSON.stringify(fields) : '';
    write(terminalLine(`${level.padEnd(5)} ${message}${extra}`, redact));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** Keeps records in memory: for tests, and for the demo's quiet runs. */
export function createMemoryLogger(): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const log = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    records.push(fields ? { level, message, fields } : { level, message });
  };
  return { records, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
