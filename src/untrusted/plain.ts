import { redactSecrets, type Redactor } from './redact.ts';
import { sanitize, truncate } from './sanitize.ts';

/**
 * Plain text shown as it is: the text part and subject of e-mails, mail headers, the terminal (logs, CLI output)
 * and JSON printed for people and for the next workflow step.
 */

/** Untrusted text, line breaks kept: controls and escape sequences gone, secrets redacted. */
export function plainText(text: string, redact: Redactor = redactSecrets): string {
  return redact(sanitize(text));
}

/** One line (a subject, a header, a log message), cut to `max` characters. */
export function plainLine(text: string, max = Infinity, redact: Redactor = redactSecrets): string {
  return truncate(redact(sanitize(text, { lines: false })), max);
}

/**
 * GitHub Actions reads workflow commands from every line a step prints, on stdout and stderr: "::command::" at the
 * start of a line (after spaces) and the older "##[command]" anywhere. A zero-width joiner after the first character
 * keeps the text readable and the runner deaf to it.
 */
function muteWorkflowCommands(text: string): string {
  return muteLegacyCommands(text.replace(/^(\s*):(?=:)/gm, '$1:\u200D'));
}

function muteLegacyCommands(text: string): string {
  return text.replace(/#(?=#\[)/g, '#\u200D');
}

/** One line for the terminal or a log: plain, and never a workflow command. */
export function terminalLine(text: string, redact: Redactor = redactSecrets): string {
  return muteWorkflowCommands(plainLine(text, Infinity, redact));
}

/** Several lines for the terminal: plain, and no line a workflow command. */
export function terminalText(text: string, redact: Redactor = redactSecrets): string {
  return muteWorkflowCommands(plainText(text, redact));
}

/**
 * JSON for stdout or a file the next step reads: every string sanitized and redacted (JSON escapes line breaks
 * itself, but not escape-free controls such as C1, bidi overrides or invisible characters).
 */
export function safeJson(value: unknown, redact: Redactor = redactSecrets, space = 2): string {
  // Every line of the output starts with a brace, a bracket or a quoted key, so only "##[" can form a command.
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? muteLegacyCommands(plainText(v, redact)) : v), space);
}
