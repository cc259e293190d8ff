import { setFlagsFromString } from 'node:v8';

/**
 * V8 flags for a run that reads many pages in one short-lived process. Each is read by V8 as it goes (at each
 * collection, at each tier-up decision), so setting it at run time works; sizes fixed when the heap is made (the young
 * generation's) do not, and are not here. test/run/v8-flags.test.ts holds each name to the V8 of the running Node:
 * setFlagsFromString ignores a name it does not know.
 */
export const RUN_V8_FLAGS = [
  // How far the heap may grow past what a full collection left alive, as a percentage: 100 doubles it. A check
  // builds a DOM of each page and drops it a few milliseconds later, but scavenges promote a DOM under construction to
  // the old generation, where it waits for the next full collection; by default V8 lets that garbage grow the heap to
  // up to four times the live set (1,000 documents: 30 MB alive, heaps of 150–180 MB). Twice the live set costs a few
  // more full collections of a small live set.
  '--heap-growing-percent=100',
  // How much a function runs before V8 considers optimizing it: four times Node 20's default (67,584). A run lasts
  // seconds and its hot code is the parser and the rules: the default sent hundreds of lukewarm functions to TurboFan,
  // whose compiles were a quarter of a 40-page first record's CPU, on the cores the main thread needs. The hot ones
  // are still optimized, a little later: replay of dev 3.25 → 2.90 s CPU (medians of 4 interleaved runs).
  '--interrupt-budget=270336',
] as const;

/** Idempotent; process-wide, as V8 flags are. */
export function tuneV8ForRun(): void {
  for (const flag of RUN_V8_FLAGS) setFlagsFromString(flag);
}
