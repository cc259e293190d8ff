import type { PipelineEvent } from './events.ts';

export interface DeliveryReport {
  /** Events this notifier handled: sent, found already sent, or deliberately left alone (a tracking issue already saying so). */
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
 * It is handed only the events its channel takes (routing, src/notify/routing.ts): `E` narrows them.
 */
export interface Notifier<E extends PipelineEvent = PipelineEvent> {
  readonly name: string;
  deliver(events: readonly E[]): Promise<DeliveryReport>;
}

export const emptyReport = (): DeliveryReport => ({ delivered: [], failed: [], links: {} });

/**
 * A notifier made on its first delivery: its code (a client, renderers, response schemas) loads then, not with the
 * channel, since most runs deliver nothing and a start-up pays for every module it loads.
 */
export function deferredNotifier<E extends PipelineEvent = PipelineEvent>(name: string, open: () => Promise<Notifier<E>>): Notifier<E> {
  let opened: Promise<Notifier<E>> | undefined;
  return { name, deliver: async (events) => (await (opened ??= open())).deliver(events) };
}
