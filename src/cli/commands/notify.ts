import type { Command } from 'commander';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { cliLogger, loadConfigFrom } from '../options.ts';
import { openApp } from '../app.ts';
import { NotificationQueue } from '../../notify/queue.ts';
import { actionsLinks } from '../../run/links.ts';
import { redactorFor, safeJson, terminalLine } from '../../untrusted/index.ts';
import type { LoadedConfig } from '../../config/load.ts';
import { resolveFromRoot } from '../../config/load.ts';
import { testMessage, type ChannelInput } from '../../notify/channel.ts';
import { normalizeAddress } from '../../notify/email/address.ts';
import { CHANNELS } from '../../notify/registry.ts';
import { describeError, UsageError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';

/**
 * `notify --test`: one test message through the channel serving each role, as `check` would choose them, outside
 * the queue. Exit 1 when a channel failed (its line says why), 0 otherwise.
 */
async function sendTests(ctx: CliContext, config: LoadedConfig, logger: Logger, flags: { test?: boolean; to?: string; json?: boolean }): Promise<void> {
  if (!flags.test) throw new UsageError('--to goes with --test: notify --test --to ADDRESS');
  const to = flags.to === undefined ? undefined : normalizeAddress(flags.to);
  if (flags.to !== undefined && !to) throw new UsageError(`--to "${flags.to}" is not an email address`);
  const app = openApp(ctx, config, logger);
  const results: { role: string; channel: string; ok: boolean; detail: string }[] = [];
  try {
    const input: ChannelInput = { config, settings: config.settings, env: ctx.env, store: app.store, clock: ctx.clock, logger, outboxDir: ctx.app?.outboxDir ?? resolveFromRoot(config, config.settings.paths.outbox) };
    const message = testMessage(ctx.clock.now(), ctx.env.GITHUB_REPOSITORY ? `tracker ${ctx.env.GITHUB_REPOSITORY}` : `config ${config.configDir}`, to);
    for (const channel of app.channels) {
      const definition = CHANNELS.find((d) => d.name === channel.adapter);
      if (!definition?.test) {
        results.push({ role: channel.role, channel: channel.adapter, ok: true, detail: 'no test message for this channel' });
        continue;
      }
      try {
        const options = (ctx.app?.channels as Record<string, unknown> | undefined)?.[definition.name];
        const detail = await (definition.test as (i: ChannelInput, m: typeof message, o: unknown) => Promise<string>)(input, message, options);
        results.push({ role: channel.role, channel: channel.adapter, ok: true, detail });
      } catch (error) {
        results.push({ role: channel.role, channel: channel.adapter, ok: false, detail: describeError(error) });
      }
    }
    const served = new Set(app.channels.map((c) => c.role));
    for (const line of app.channelLines) {
      const role = line.split(':')[0]!;
      if (!served.has(role)) results.push({ role, channel: 'none', ok: true, detail: `not tested: ${line.slice(role.length + 2)}` });
    }
  } finally {
    await app.close();
  }
  const redact = redactorFor(ctx.env);
  if (flags.json) ctx.stdout(safeJson({ test: true, results }, redact) + '\n');
  else ctx.stdout(`notify --test:\n${results.map((r) => `  ${r.ok ? '✓' : '✗'} ${r.role} (${r.channel}): ${terminalLine(r.detail, redact)}\n`).join('')}`);
  ctx.setExitCode(results.some((r) => !r.ok) ? EXIT.partial : EXIT.ok);
}

export const registerNotify: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('notify')
    .description('deliver the notifications queued in the snapshots folder (after `check --no-notify`, or to retry)')
    .option('-c, --config <dir>', 'config folder', 'config')
    .option('--json', 'print the delivery result as JSON')
    .option('--test', 'send one test message through each configured channel instead (nothing queued is sent)')
    .option('--to <address>', 'with --test: the address the test email goes to (subscribers never get one)')
    .action(async (flags: { config?: string; json?: boolean; test?: boolean; to?: string }) => {
      const config = await loadConfigFrom(ctx, flags.config);
      const logger = cliLogger(ctx);
      if (flags.test || flags.to) {
        await sendTests(ctx, config, logger, flags);
        return;
      }
      const app = openApp(ctx, config, logger);
      let queue: NotificationQueue;
      let before: number;
      let result;
      try {
        const channels = app.channels;
        queue = await NotificationQueue.open(app.store);
        before = queue.pending().length;
        const links = ctx.env.POLICYWATCH_SNAPSHOT_COMMIT ? actionsLinks(ctx.env) : undefined;
        result = await queue.dispatch(channels, logger, links ? { snapshotLinks: links } : {});
      } finally {
        await app.close();
      }
      const summary = { queued: before, delivered: result.delivered, failed: result.failed, pending: queue.pending().length, issues: Object.values(result.links) };
      if (flags.json) ctx.stdout(safeJson(summary, redactorFor(ctx.env)) + '\n');
      else ctx.stdout(`notify: ${before} queued, ${result.delivered} delivered, ${result.failed.length} failed, ${summary.pending} pending\n${app.channelLines.map((c) => `  ${c}\n`).join('')}`);
      ctx.setExitCode(result.failed.length > 0 ? EXIT.partial : EXIT.ok);
    });
};
