import type { PipelineEvent } from './events.ts';

export interface DeliveryReport {
  /** Events this notifier handled (sent, or deliberately skipped as not its business). */
  delivered: string[];
  /** Events to retry on the next run, with a short, secret-free reason. */
  failed: { eventId: string; error: string; transient: boolean }[];
  /** URLs produced per event (the GitHub issue), passed on to notifiers that run later. */
  links: Record<string, string>;
}

/**
 * The notifier port. A notifier must be idempotent per event id: the queue re-delivers an event whose outcome
 * was not recorded (a crash between sending and recording), and that must not duplicate anything.
 * It should report failures in the DeliveryReport; a throw is treated as all events failed, never as a crash.
 */
export interface Notifier {
  readonly name: string;
  deliver(events: readonly PipelineEvent[]): Promise<DeliveryReport>;
}

export const emptyReport = (): DeliveryReport => ({ delivered: [], failed: [], links: {} });
