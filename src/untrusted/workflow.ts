import { randomBytes } from 'node:crypto';
import { redactSecrets, type Redactor } from './redact.ts';
import { sanitize } from './sanitize.ts';

/**
 * GitHub Actions workflow commands and step outputs, per the toolkit's rules (@actions/core command.ts and
 * file-command.ts): message data escapes "%", CR and LF; property values also ":" and ","; outputs go to
 * $GITHUB_OUTPUT as heredocs with a random delimiter that the value must not contain.
 */

/** Message data: the runner decodes %25, %0D and %0A, so the text stays on the command's own line. */
export function commandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally encode the ":" and "," that delimit properties. */
export function commandProperty(text: string): string {
  return commandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export type CommandKind = 'error' | 'warning' | 'notice' | 'debug';

/**
 * One workflow command line, e.g. `::warning title=…::message`. Property values and the message are untrusted:
 * sanitized (line breaks kept in the message, shown by the annotation), redacted, then escaped.
 */
export function workflowCommand(
  kind: CommandKind,
  properties: Record<string, string>,
  message: string,
  redact: Redactor = redactSecrets,
): string {
  const props = Object.entries(properties)
    .map(([name, value]) => `${name}=${commandProperty(redact(sanitize(value, { lines: false })))}`)
    .join(',');
  return `::${kind}${props ? ` ${props}` : ''}::${commandData(redact(sanitize(message)))}`;
}

const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Step outputs for $GITHUB_OUTPUT: each value sanitized and redacted, in a heredoc no value can end early. */
export function stepOutputsFile(outputs: Record<string, string>, redact: Redactor = redactSecrets): string {
  let text = '';
  for (const [name, raw] of Object.entries(outputs)) {
    if (!OUTPUT_NAME.test(name)) throw new Error(`step output name "${name}" is not a valid identifier`);
    const value = redact(sanitize(raw));
    const delimiter = `ghadelimiter_${randomBytes(12).toString('hex')}`;
    // As the toolkit does: a value holding the delimiter would end the block early, so it is refused.
    if (value.includes(delimiter)) throw new Error(`step output "${name}" contains its own delimiter`);
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  return text;
}
