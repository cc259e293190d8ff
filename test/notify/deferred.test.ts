import { describe, expect, it } from 'vitest';
import { deferredNotifier, emptyReport, type Notifier } from '../../src/notify/port.ts';

describe('deferredNotifier', () => {
  it('makes the notifier on the first delivery, once, and hands every delivery to it', async () => {
    const made: string[] = [];
    const delivered: string[][] = [];
    const notifier = deferredNotifier('drafts', async (): Promise<Notifier> => {
      made.push('made');
      return {
        name: 'drafts',
        deliver: async (events) => {
          delivered.push(events.map((e) => e.id));
          return { ...emptyReport(), delivered: events.map((e) => e.id) };
        },
      };
    });
    expect(notifier.name).toBe('drafts');
    expect(made).toEqual([]);
    const events = [{ id: 'a' }, { id: 'b' }] as unknown as Parameters<Notifier['deliver']>[0];
    const [first, second] = await Promise.all([notifier.deliver(events.slice(0, 1)), notifier.deliver(events.slice(1))]);
    expect(first.delivered).toEqual(['a']);
    expect(second.delivered).toEqual(['b']);
    await notifier.deliver(events);
    expect(made).toEqual(['made']);
    expect(delivered).toEqual([['a'], ['b'], ['a', 'b']]);
  });

  it('fails a delivery when the notifier cannot be made (the queue keeps the events)', async () => {
    const notifier = deferredNotifier('github', async () => {
      throw new Error('no client');
    });
    await expect(notifier.deliver([])).rejects.toThrow('no client');
  });
});
