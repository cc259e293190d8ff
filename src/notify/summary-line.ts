import type { PipelineEvent } from './events.ts';

/** One line saying what an event is, for channels that show a line per event (webhook `summary`, Slack). */
export function summaryLine(event: PipelineEvent): string {
  const title = event.doc.title;
  switch (event.type) {
    case 'change':
      return event.headline.trim() || `${title}: ${event.kind === 'formatting' ? 'formatting changed' : 'changed'}`;
    case 'claims-changed':
      return `${title}: ${event.claimChanges.length} quoted statement(s) changed`;
    case 'tracking-failing':
      return `${title}: could not be read on ${event.consecutiveFailures} runs in a row (${event.failure.reason})`;
    case 'tracking-resumed':
      return `${title}: readable again`;
    case 'document-moved':
      return `${title}: moved to ${event.to}`;
    case 'selector-fallback':
      return `${title}: the configured selectors no longer match; the default extraction is used`;
  }
}
