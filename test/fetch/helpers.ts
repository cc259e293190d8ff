import { DocumentSchema, SettingsSchema, type DocumentConfig, type DocumentInput, type Settings } from '../../src/config/schema.ts';
import { createFixedClock, type Clock } from '../../src/shared/clock.ts';
import { createMemoryLogger } from '../../src/shared/logger.ts';
import { createFetcher, FetchError, type Fetcher, type FetcherDeps, type FetchResult } from '../../src/fetch/index.ts';
import type { FailureInfo } from '../../src/shared/failure.ts';

type HttpInput = Partial<Settings['http']>;

export function makeSettings(http: HttpInput = {}, rest: Record<string, unknown> = {}): Settings {
  return SettingsSchema.parse({
    http: { timeoutMs: 2000, connectTimeoutMs: 2000, retries: 2, hostDelayMs: 0, ...http },
    userAgent: { product: 'policywatch-test', contact: 'https://example.org/policywatch' },
    ...rest,
  });
}

export function makeDoc(url: string, extra: Partial<DocumentInput> = {}): DocumentConfig {
  return DocumentSchema.parse({ id: 'doc', title: 'Doc', url, browserFallback: false, ...extra });
}

/** A fixed clock whose sleeps are recorded (retries must not slow the tests down). */
export function recordingClock(): Clock & { sleeps: number[] } {
  const clock = createFixedClock('2025-01-01T00:00:00Z');
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => clock.now(),
    sleep: async (ms) => {
      sleeps.push(ms);
      await clock.sleep(ms);
    },
  };
}

export function makeFetcher(
  http: HttpInput = {},
  deps: Partial<FetcherDeps> = {},
): Fetcher & { clock: ReturnType<typeof recordingClock>; logger: ReturnType<typeof createMemoryLogger> } {
  const clock = recordingClock();
  const logger = createMemoryLogger();
  const fetcher = createFetcher({
    settings: makeSettings(http),
    clock,
    logger,
    allowLoopback: true,
    random: () => 0.5,
    ...deps,
  });
  return Object.assign(fetcher, { clock, logger });
}

/** Runs `promise`, expecting a FetchError; returns it for assertions. */
export async function fetchError(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FetchError) return error;
    throw error;
  }
  throw new Error('expected a FetchError, got a result');
}

/** Runs `promise`, expecting a page the gate says is not the document; returns the failure it records. */
export async function turnedAway(promise: Promise<FetchResult>): Promise<FailureInfo & { via: 'http' | 'browser' }> {
  const result = await promise;
  if (result.kind !== 'fetched') throw new Error(`expected a page, got ${result.kind}`);
  if (result.verdict.kind !== 'not-document') throw new Error(`expected a page that is not the document, got a ${result.verdict.kind}`);
  return { ...result.verdict.failure, via: result.via };
}
