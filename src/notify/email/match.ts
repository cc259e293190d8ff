import type { Topic } from '../../config/schema.ts';
import type { Subscriber } from './subscribers/schema.ts';
import type { MailEvent } from './view.ts';

/**
 * The topics a change is about: those of its changed sentences and claims when it names any, else the
 * document's. So a reader following "training" is not mailed when only the retention paragraph moved.
 */
export function eventTopics(event: MailEvent): Topic[] {
  const specific = [
    ...(event.type === 'change' ? event.keyChanges.map((k) => k.topic) : []),
    ...event.claimChanges.map((c) => c.claim.topic),
  ].filter((t): t is Topic => t !== undefined);
  return [...new Set(specific.length ? specific : event.doc.topics)];
}

export function follows(subscriber: Subscriber, event: MailEvent): boolean {
  const follow = subscriber.follow;
  if (follow.kind === 'all') return true;
  if (follow.docs.includes(event.doc.id)) return true;
  return eventTopics(event).some((t) => follow.topics.includes(t));
}
