import type { CliContext } from './context.ts';
import { createApp, type App } from '../app/index.ts';
import type { LoadedConfig } from '../config/load.ts';
import type { Logger } from '../shared/logger.ts';

/**
 * Lets fetches reach 127.0.0.0/8 and ::1 (every other private range stays refused): for running the built CLI
 * against a local fixture site, as the side-by-side benchmark does. Off unless set to exactly "1".
 */
export const ALLOW_LOOPBACK_ENV = 'POLICYWATCH_ALLOW_LOOPBACK';

/**
 * The composition root for one command: config, the context's environment, clock and overrides, and the logger.
 * Its own module, apart from options.ts: only the commands that fetch or notify load the channels' libraries.
 */
export function openApp(ctx: CliContext, config: LoadedConfig, logger: Logger): App {
  const loopback = ctx.env[ALLOW_LOOPBACK_ENV] === '1' ? { fetch: { allowLoopback: true, ...ctx.app?.fetch } } : {};
  return createApp({ ...ctx.app, ...loopback, config, env: ctx.env, clock: ctx.clock, logger });
}
