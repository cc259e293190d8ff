import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppOverrides } from '../../src/app/index.ts';
import type { LoadedConfig } from '../../src/config/load.ts';
import type { DocumentConfig, Settings } from '../../src/config/schema.ts';
import type { ChannelOptions } from '../../src/notify/registry.ts';

/**
 * Channel timings for tests, passed to the composition root: no GitHub write spacing (production waits 1 s between
 * writes and 3 s between issues), millisecond retry and rate-limit waits, millisecond email retry waits.
 */
export const FAST_CHANNELS = {
  github: { writeSpacingMs: 0, notificationSpacingMs: 0, retryBaseMs: 1, rateLimitBaseMs: 5 },
  smtp: { retry: { attempts: 3, baseDelayMs: 1 } },
  'eml-drafts': { retry: { attempts: 3, baseDelayMs: 1 } },
  webhook: { retry: { attempts: 2, backoff: { baseMs: 1, maxMs: 5, maxRetryAfterMs: 50 }, timeoutMs: 5000 } },
  slack: { retry: { attempts: 2, backoff: { baseMs: 1, maxMs: 5, maxRetryAfterMs: 50 }, timeoutMs: 5000 } },
} satisfies ChannelOptions;

/** The overrides a CLI context carries in tests (runCli, the child-process CLI). */
export const FAST_APP: AppOverrides = { channels: FAST_CHANNELS, fetch: { allowLoopback: true } };

/**
 * A config for building through the composition root without a config folder. Without `rootDir` it names a folder
 * that does not exist: no subscribers file, so no subscriber channel, and nothing is ever written there.
 */
export function appConfig(settings: Settings, options: { rootDir?: string; documents?: DocumentConfig[] } = {}): LoadedConfig {
  const rootDir = options.rootDir ?? join(tmpdir(), `policywatch-absent-${randomUUID()}`);
  return { configDir: join(rootDir, 'config'), rootDir, settings, documents: options.documents ?? [] };
}
