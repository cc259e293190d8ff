import { describe, expect, it } from 'vitest';
import { createPagePipeline } from '../../src/run/pipeline.ts';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every queued promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('page pipeline: fetching held back while fetched pages wait for processing', () => {
  it('hands each fetch result to its own processing and returns what processing returned', async () => {
    const pipeline = createPagePipeline({ slots: 2, maxWaiting: 2 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        pipeline.page(
          async () => `page ${n}`,
          () => n % 3 !== 0,
          async (page) => `${page} processed`,
        ),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, n) => `page ${n} processed`));
    expect(pipeline.waiting).toBe(0);
  });

  it('processes in at most `slots` at once', async () => {
    const pipeline = createPagePipeline({ slots: 3, maxWaiting: 4 });
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 30 }, () =>
        pipeline.page(
          async () => 'body',
          () => true,
          async () => {
            running += 1;
            most = Math.max(most, running);
            await settle();
            running -= 1;
          },
        ),
      ),
    );
    expect(most).toBe(3);
  });

  it('starts no fetch while maxWaiting bodies wait, and one more each time a body enters processing', async () => {
    const pipeline = createPagePipeline({ slots: 1, maxWaiting: 2 });
    const busy = deferred();
    const started: number[] = [];
    const processed: number[] = [];
    const page = (n: number) =>
      pipeline.page(
        async () => {
          started.push(n);
          return n;
        },
        () => true,
        async (body) => {
          processed.push(body);
          if (body === 0) await busy.promise;
        },
      );
    // Fetches that start together all run (before any body is in, nothing waits): pages 0, 1 and 2.
    const first = [0, 1, 2].map(page);
    await settle();
    // Page 0 holds the only slot; pages 1 and 2 were fetched and wait; pages asked for now are not fetched yet.
    expect(processed).toEqual([0]);
    expect(pipeline.waiting).toBe(2);
    const later = [3, 4, 5].map(page);
    await settle();
    expect(started).toEqual([0, 1, 2]);
    busy.resolve();
    await Promise.all([...first, ...later]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(processed).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('lets one fetch start per body that enters processing, not a burst', async () => {
    const pipeline = createPagePipeline({ slots: 1, maxWaiting: 1 });
    const gates = Array.from({ length: 8 }, () => deferred());
    const started: number[] = [];
    const page = (n: number) =>
      pipeline.page(
        async () => {
          started.push(n);
          return n;
        },
        () => true,
        async (body) => gates[body]!.promise,
      );
    const pages = [page(0), page(1)];
    await settle();
    pages.push(...[2, 3, 4, 5, 6, 7].map(page));
    await settle();
    expect(started).toEqual([0, 1]);
    gates[0]!.resolve(); // page 1 enters processing: one more fetch (page 2), whose body then waits
    await settle();
    expect(started).toEqual([0, 1, 2]);
    expect(pipeline.waiting).toBe(1);
    for (const gate of gates) gate.resolve();
    await Promise.all(pages);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('never holds back a fetch for results without a body (a run of 304s keeps every fetch slot busy)', async () => {
    const pipeline = createPagePipeline({ slots: 1, maxWaiting: 1 });
    const busy = deferred();
    const started: number[] = [];
    const pages = Array.from({ length: 10 }, (_, n) =>
      pipeline.page(
        async () => {
          started.push(n);
          return n;
        },
        () => false,
        async (page) => {
          if (page === 0) await busy.promise;
        },
      ),
    );
    await settle();
    expect(started).toHaveLength(10);
    expect(pipeline.waiting).toBe(0);
    busy.resolve();
    await Promise.all(pages);
  });

  it('a failed fetch makes room for the next one and fails only its own page', async () => {
    const pipeline = createPagePipeline({ slots: 1, maxWaiting: 1 });
    const busy = deferred();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, n) =>
        pipeline.page(
          async () => {
            if (n % 2 === 1) throw new Error(`fetch ${n} failed`);
            return n;
          },
          () => true,
          async (page) => {
            if (page === 0) {
              setImmediate(() => busy.resolve());
              await busy.promise;
            }
            return page;
          },
        ),
      ),
    );
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
      0,
      'fetch 1 failed',
      2,
      'fetch 3 failed',
      4,
      'fetch 5 failed',
      6,
      'fetch 7 failed',
    ]);
    expect(pipeline.waiting).toBe(0);
  });

  it('a processing failure fails only its own page and frees its slot', async () => {
    const pipeline = createPagePipeline({ slots: 1, maxWaiting: 1 });
    const outcomes = await Promise.allSettled(
      [0, 1, 2].map((n) =>
        pipeline.page(
          async () => n,
          () => true,
          async (page) => {
            if (page === 1) throw new Error('processing 1 failed');
            return page;
          },
        ),
      ),
    );
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([0, 'processing 1 failed', 2]);
  });
});
