import type { CliContext } from './context.ts';
import { createApp, type App } from '../app/index.ts';
import type { LoadedConfig } from '../config/load.ts';
import type { Logger } from '../shared/logger.ts';

/**
 * The composition root for one command: config, the context's environment, clock and overrides, and the logger.
 * Its own module, apart from options.ts: only the commands that fetch or notify load the channels' libraries.
 */
export function openApp(ctx: CliContext, config: LoadedConfig, logger: Logger): App {
  return createApp({ ...ctx.app, config, env: ctx.env, clock: ctx.clock, logger });
}
