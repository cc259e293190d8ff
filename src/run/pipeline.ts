import pLimit from 'p-limit';

/**
 * Between fetching and processing. A check fetches pages in many slots (waiting on the network) and processes them
 * in a few (waiting on the one JavaScript thread). When processing is the slower side, fetched pages pile up
 * waiting for a slot, each holding its whole body: with 40 fetch slots, 37 bodies at once, and the heap grows to a
 * multiple of what is live. So once `maxWaiting` bodies wait, a new fetch starts only when one of them enters
 * processing, or when a fetch ends without a body (a 304, a failure): about as many pages are fetched ahead as
 * processing needs to never wait. A run of 304s holds no body, so its fetches never wait. (The fetches a run
 * starts together, before any body is in, all go: the burst is bounded by the fetch slots, as before.)
 */
export interface PagePipeline {
  /**
   * One document's page: `fetch` once it may start, then `process` of its result in a processing slot (a result
   * waits for a free one). `hasBody` says whether a result holds a body that counts as waiting.
   */
  page<T, R>(fetch: () => Promise<T>, hasBody: (result: T) => boolean, process: (result: T) => Promise<R>): Promise<R>;
  /** Bodies fetched and waiting for a processing slot now. */
  readonly waiting: number;
}

/** No holding back and no slots: each page is processed as soon as it is fetched (replay, a single document). */
export const directPipeline: Pick<PagePipeline, 'page'> = {
  page: async (fetch, _hasBody, process) => process(await fetch()),
};

export function createPagePipeline(options: { slots: number; maxWaiting: number }): PagePipeline {
  const limit = pLimit(options.slots);
  const starts: Array<() => void> = [];
  let waiting = 0;
  // One start per event that makes room: waking every queued fetch at once would fetch a burst of bodies ahead.
  const wake = (): void => {
    if (waiting < options.maxWaiting) starts.shift()?.();
  };
  const room = (): Promise<void> =>
    waiting < options.maxWaiting && starts.length === 0 ? Promise.resolve() : new Promise<void>((resolve) => starts.push(resolve));
  return {
    async page(fetch, hasBody, process) {
      await room();
      let result;
      try {
        result = await fetch();
      } catch (error) {
        wake();
        throw error;
      }
      if (!hasBody(result)) {
        wake();
        return limit(() => process(result));
      }
      waiting += 1;
      return limit(() => {
        waiting -= 1;
        wake();
        return process(result);
      });
    },
    get waiting() {
      return waiting;
    },
  };
}
