import type { Topic } from '../../config/schema.ts';
import type { FailureReason } from '../../shared/failure.ts';
import type { PipelineEvent, TrackingFailingEvent } from '../events.ts';
import { marker } from './markers.ts';
import type { IssueKind } from './markers.ts';
import { githubPlain, markdownCode, markdownInline } from '../../untrusted/index.ts';
import { BODY_LIMIT, changeLead, changeTitle, docLink, renderChangeContent } from './render-change.ts';

export interface RenderedIssue {
  title: string;
  body: string;
  labels: string[];
}

export const LABELS = {
  policyChange: 'policy-change',
  claimChanged: 'claim-changed',
  formattingOnly: 'formatting-only',
  trackingFailing: 'tracking-failing',
  maintenance: 'policywatch-maintenance',
} as const;

/** Colours and descriptions for labels we create; doc:/topic: labels share one style each. */
export function labelStyle(name: string): { color: string; description: string } {
  if (name === LABELS.policyChange) return { color: 'd93f0b', description: 'A watched policy page changed' };
  if (name === LABELS.claimChanged) return { color: 'b60205', description: 'A claim the guide quotes changed' };
  if (name === LABELS.formattingOnly) return { color: 'c5def5', description: 'Only the formatting of a watched page changed' };
  if (name === LABELS.trackingFailing) return { color: 'fbca04', description: 'policywatch cannot read a watched page' };
  if (name === LABELS.maintenance) return { color: 'bfd4f2', description: 'A watched page needs a config update' };
  if (name.startsWith('topic:')) return { color: '0e8a16', description: 'Policy topic' };
  return { color: '5319e7', description: 'Watched document' };
}

/** Which issue an event belongs to. Each document has at most one open issue of each kind. */
export function issueKind(event: PipelineEvent): IssueKind {
  switch (event.type) {
    case 'change':
    case 'claims-changed':
      return 'change';
    case 'tracking-failing':
    case 'tracking-resumed':
      return 'tracking';
    case 'document-moved':
    case 'selector-fallback':
      return 'maintenance';
  }
}

export const docLabel = (docId: string): string => `doc:${docId}`;

export function labelsFor(event: PipelineEvent): string[] {
  const doc = docLabel(event.doc.id);
  if (event.type === 'change' || event.type === 'claims-changed') {
    const topics = new Set<Topic>(event.doc.topics);
    for (const c of event.claimChanges) topics.add(c.claim.topic);
    if (event.type === 'change') for (const k of event.keyChanges) if (k.topic) topics.add(k.topic);
    const labels: string[] = [LABELS.policyChange, doc, ...[...topics].map((t) => `topic:${t}`)];
    if (event.claimChanges.length > 0) labels.push(LABELS.claimChanged);
    if (event.type === 'change' && event.kind === 'formatting') labels.push(LABELS.formattingOnly);
    return labels;
  }
  if (event.type === 'tracking-failing' || event.type === 'tracking-resumed') return [LABELS.trackingFailing, doc];
  return [LABELS.maintenance, doc];
}

const HINTS: Record<FailureReason, string> = {
  blocked: 'The site served a bot challenge or access wall. Try the browser renderer (`render: browser`) or a different `acceptLanguage`; if it persists, check the page by hand.',
  'selector-missing': 'Neither the configured nor the default content selectors found the text. The page layout probably changed: update `select` for this document.',
  empty: 'The main content was empty or much shorter than before. The page may render with JavaScript now (`render: browser`).',
  'error-page': "The site returned its error page instead of the document. Usually temporary; if it persists, check the URL.",
  'http-status': 'The site answered with an error status after retries. If it is 404 or 410, the page has probably moved: update `url`.',
  timeout: 'The site did not answer in time. Usually temporary.',
  network: 'The connection failed (DNS, refused or reset). Usually temporary.',
  'too-large': 'The page exceeded the size limit (`http.maxBytes`).',
  'unsupported-type': 'The URL no longer serves HTML or PDF. Check that it still points at the document.',
  internal: 'policywatch could not process this document: a record under snapshots/ may be damaged (restore it from git) or policywatch hit a bug. The run log has the details.',
  'redirect-refused': 'The page redirected somewhere policywatch refuses to follow (loop, non-http scheme or private address). Check the URL.',
  'browser-unavailable': 'The headless browser could not start on the runner. Check the Chromium install.',
};

function header(event: PipelineEvent, extra: Record<string, string> = {}): string {
  const lines = [marker('fingerprint', event.id), marker('kind', issueKind(event)), marker('doc', event.doc.id)];
  for (const [key, value] of Object.entries(extra)) lines.push(marker(key, value));
  return lines.join('\n');
}

function failureText(event: TrackingFailingEvent): string {
  const status = event.failure.status ? ` (HTTP ${event.failure.status})` : '';
  return `**Reason:** ${markdownCode(event.failure.reason, 40)}: ${markdownInline(event.failure.message, 500)}${status}\n\n${HINTS[event.failure.reason] ?? ''}`;
}

const day = (iso: string): string => markdownInline(iso.length >= 10 ? iso.slice(0, 10) : iso, 40);

const FOOTER_CHANGE =
  '_Opened by policywatch. While this issue is open, later changes of this document are added here as comments; close it once the guide is checked._';
const FOOTER_TRACKING =
  '_Opened by policywatch. A different reason is added as a comment; policywatch closes this issue when the page can be read again._';
const FOOTER_MAINTENANCE = '_Opened by policywatch. Further notices about this document are added here as comments; close it once the config is updated._';

function maintenanceText(event: PipelineEvent): string {
  if (event.type === 'document-moved') {
    return (
      `${docLink(event.doc)} moved (seen ${day(event.at)}): ${markdownCode(event.from, 400)} now redirects to ${markdownCode(event.to, 400)}.\n\n` +
      `policywatch follows the redirect; update \`url\` of document ${markdownCode(event.doc.id, 100)} in the config so the move is deliberate.`
    );
  }
  if (event.type === 'selector-fallback') {
    const selectors = event.selectors.slice(0, 20).map((s) => markdownCode(s, 200)).join(', ') || '(none)';
    return (
      `None of the configured content selectors of ${docLink(event.doc)} matched (seen ${day(event.at)}): ${selectors}.\n\n` +
      `policywatch used its default content detection instead, so the recorded text may include page chrome. ` +
      `Update \`select\` of document ${markdownCode(event.doc.id, 100)} in the config.`
    );
  }
  return '';
}

/**
 * The issue an event opens, as Markdown. Pure: the outbox writes exactly this as a draft when there is no token.
 * Every piece of page text in it is sanitized and escaped.
 */
export function renderIssue(event: PipelineEvent): RenderedIssue {
  const labels = labelsFor(event);
  const title = (text: string) => githubPlain(text);
  switch (event.type) {
    case 'change':
    case 'claims-changed': {
      const top = header(event);
      const content = renderChangeContent(event, changeLead(event, false), BODY_LIMIT - top.length - FOOTER_CHANGE.length - 10);
      return { title: changeTitle(event), body: `${top}\n\n${content}\n\n${FOOTER_CHANGE}`, labels };
    }
    case 'tracking-failing': {
      const lead =
        `policywatch has not been able to read ${docLink(event.doc)} on ${event.consecutiveFailures} consecutive ` +
        `run${event.consecutiveFailures === 1 ? '' : 's'} since ${day(event.since)}.`;
      const body = `${header(event, { reason: event.failure.reason })}\n\n${lead}\n\n${failureText(event)}\n\n${FOOTER_TRACKING}`;
      return { title: title(`Tracking failing: ${event.doc.title}`), body, labels };
    }
    case 'tracking-resumed':
      return {
        title: title(`Tracking resumed: ${event.doc.title}`),
        body: `${header(event)}\n\n${resumedText(event.doc, event.at)}`,
        labels,
      };
    case 'document-moved':
      return { title: title(`${event.doc.title}: page moved`), body: `${header(event)}\n\n${maintenanceText(event)}\n\n${FOOTER_MAINTENANCE}`, labels };
    case 'selector-fallback':
      return {
        title: title(`${event.doc.title}: content selectors no longer match`),
        body: `${header(event)}\n\n${maintenanceText(event)}\n\n${FOOTER_MAINTENANCE}`,
        labels,
      };
  }
}

function resumedText(doc: { title: string; url: string }, at: string): string {
  return `**Tracking resumed** (${day(at)}): ${docLink(doc)} was read successfully again. Closing this issue.`;
}

/** The comment an event adds to the document's open issue of the same kind. Carries the event's fingerprint too. */
export function renderComment(event: PipelineEvent): string {
  const top = marker('fingerprint', event.id);
  switch (event.type) {
    case 'change':
    case 'claims-changed':
      return `${top}\n\n${renderChangeContent(event, changeLead(event, true), BODY_LIMIT - top.length - 10)}`;
    case 'tracking-failing':
      return (
        `${top}\n${marker('reason', event.failure.reason)}\n\n**The reason changed** (${day(event.at)}); ` +
        `${event.consecutiveFailures} consecutive failed runs since ${day(event.since)}.\n\n${failureText(event)}`
      );
    case 'tracking-resumed':
      return `${top}\n\n${resumedText(event.doc, event.at)}`;
    case 'document-moved':
    case 'selector-fallback':
      return `${top}\n\n${maintenanceText(event)}`;
  }
}
