import type { Command } from 'commander';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { cliLogger, loadConfigFrom } from '../options.ts';
import { openApp } from '../app.ts';
import { SERVE_TOKEN_ENV, SERVE_URL_ENV } from '../../notify/serve/channel.ts';
import { localStatus } from '../../serve/status.ts';
import { ConfigError } from '../../shared/errors.ts';
import { redactorFor, terminalLine } from '../../untrusted/index.ts';

/**
 * The GitHub Actions side of the pairing with `serve`: after a run, send serve the status of every document (last
 * checked, last change) and the claims report, so its status page, claims.json and badge show this run.
 */
export const registerPushStatus: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('push-status')
    .description(`send the documents' status and the claims report to serve (${SERVE_URL_ENV}, ${SERVE_TOKEN_ENV})`)
    .option('-c, --config <dir>', 'config folder', 'config')
    .action(async (flags: { config?: string }) => {
      const url = ctx.env[SERVE_URL_ENV];
      const token = ctx.env[SERVE_TOKEN_ENV];
      if (!url || !token) throw new ConfigError(`push-status needs ${SERVE_URL_ENV} and ${SERVE_TOKEN_ENV}`, [`set both to serve's address and the token serve runs with`]);
      const config = await loadConfigFrom(ctx, flags.config);
      const app = openApp(ctx, config, cliLogger(ctx));
      const status = await localStatus(config, app.store, ctx.clock.now()).finally(() => app.close());
      const response = await fetch(`${url.replace(/\/+$/, '')}/api/status`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(status),
        signal: AbortSignal.timeout(30_000),
      }).catch((error: unknown) => {
        ctx.stderr(`push-status: could not reach serve at ${new URL(url).origin} (${(error as Error).name}); its status page keeps the previous run\n`);
        return undefined;
      });
      if (!response) return ctx.setExitCode(EXIT.partial);
      if (!response.ok) {
        const reason = ((await response.json().catch(() => ({}))) as { error?: string }).error ?? '';
        // serve's answer is outside input: one line, secrets redacted, no workflow command can start in it.
        const shown = reason ? `: ${terminalLine(String(reason), redactorFor(ctx.env))}` : '';
        ctx.stderr(`push-status: serve answered ${response.status}${shown}\n`);
        return ctx.setExitCode(EXIT.partial);
      }
      ctx.stdout(`push-status: serve at ${new URL(url).origin} shows ${status.documents.length} documents and ${status.claims.claims.length} claims\n`);
    });
};
