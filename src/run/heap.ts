import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what a full collection left alive, as a percentage: 100 doubles it. A check
 * builds a DOM of each page and drops it a few milliseconds later, but scavenges promote a DOM under construction to
 * the old generation, where it waits for the next full collection; by default V8 lets that garbage grow the heap to
 * up to four times the live set (1,000 documents: 30 MB alive, heaps of 150–180 MB). Twice the live set costs a few
 * more full collections of a small live set. The flag is read at each collection, so setting it at run time works.
 */
export const HEAP_GROWING_PERCENT = 100;

/** Idempotent; process-wide, as V8 flags are. */
export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
