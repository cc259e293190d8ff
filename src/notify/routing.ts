import type { Settings } from '../config/schema.ts';
import type { PipelineEvent, UserFacingEvent } from './events.ts';
import { isUserFacing } from './events.ts';

/**
 * Routing rules: which events a channel owes a delivery. A channel definition names its rule; the queue applies it
 * when an event is queued (and again when it is handed over, for records queued before the rule existed), so an
 * adapter is only ever handed events it takes and never decides that itself.
 */

/**
 * Maintainers hear about every event type. A formatting-only change (without claim changes) only when
 * `github.notifyFormatting` asks for it; a claims-changed event with no claim change is nothing to tell.
 */
export function maintainersTake(event: PipelineEvent, settings: Settings): boolean {
  if (event.type === 'change') return event.kind === 'substantive' || event.claimChanges.length > 0 || settings.github.notifyFormatting;
  if (event.type === 'claims-changed') return event.claimChanges.length > 0;
  return true;
}

/** Subscribers hear about what changed for readers: substantive changes and changed claim statuses. */
export function subscribersTake(event: PipelineEvent): event is UserFacingEvent {
  return isUserFacing(event);
}

