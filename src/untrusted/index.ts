/**
 * Untrusted text: everything that came from a page, a server's answer or an error message. It is sanitized once
 * here, redacted, and escaped for the destination it goes to. No output builds its own escaping.
 *
 * | destination | functions |
 * | --- | --- |
 * | stored text (extraction) | stripControls (frozen set), INVISIBLE |
 * | any destination, first step | sanitize, oneLine, truncate |
 * | secrets | redactSecrets, createRedactor, redactorFor(env), secretsFromEnv |
 * | GitHub Markdown (issues, comments, drafts, job summary, commit messages) | markdownInline, markdownText, markdownCode, markdownFence, markdownLink, markdownUrl, githubPlain |
 * | HTML (e-mail) | htmlText, escapeHtml, htmlUrl, httpUrl |
 * | plain text (e-mail text part, subject, headers) | plainText, plainLine |
 * | terminal (logs, CLI output, printed JSON) | terminalLine, terminalText, safeJson |
 * | GitHub Actions (annotations, step outputs) | workflowCommand, commandData, commandProperty, stepOutputsFile |
 */
export { INVISIBLE, oneLine, sanitize, stripControls, truncate, type SanitizeOptions } from './sanitize.ts';
export { createRedactor, REDACTED, redactorFor, redactSecrets, secretsFromEnv, type Redactor } from './redact.ts';
export {
  escapeMarkdown,
  githubPlain,
  markdownCode,
  markdownFence,
  markdownInline,
  markdownLink,
  markdownText,
  markdownUrl,
  neutralizeReferences,
  stripHtml,
} from './markdown.ts';
export { escapeHtml, htmlText, htmlUrl, httpUrl } from './html.ts';
export { plainLine, plainText, safeJson, terminalLine, terminalText } from './plain.ts';
export { commandData, commandProperty, stepOutputsFile, workflowCommand, type CommandKind } from './workflow.ts';
