import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApp } from '../../src/app/index.ts';
import type { App, AppOverrides } from '../../src/app/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { executeCheck } from '../../src/run/index.ts';
import { startServe } from '../../src/serve/index.ts';
import type { RunningServe } from '../../src/serve/index.ts';
import { systemClock } from '../../src/shared/clock.ts';
import type { Clock } from '../../src/shared/clock.ts';
import { createMemoryLogger } from '../../src/shared/logger.ts';
import { FAST_APP } from '../support/app.ts';
import { startSmtpServer } from '../support/smtp-server.ts';
import type { TestSmtpServer } from '../support/smtp-server.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { TestSite, articleHtml } from '../run/harness.ts';

export const SECRET = 'serve-test-secret-0123456789abcdef0123456789';
export const API_TOKEN = 'serve-test-api-token-0123456789';
export const THIRTY = '<p>Deleted conversations are removed from our back-end storage systems within 30 days.</p>';
export const NINETY = '<p>Deleted conversations are removed from our back-end storage systems within 90 days.</p>';
export const SIXTY = '<p>Deleted conversations are removed from our back-end storage systems within 60 days.</p>';
export { articleHtml };

/** A cron that never fires during a test: runs are started by hand (runNow). */
export const NEVER = '0 0 1 1 *';

export interface ServeFixture {
  root: string;
  site: TestSite;
  smtp: TestSmtpServer;
  env: NodeJS.ProcessEnv;
  app: App;
  serve: RunningServe;
  logs: ReturnType<typeof createMemoryLogger>;
  stop(): Promise<void>;
}

/** Writes a tracker with one watched page (on the local fixture site) and one quoted claim. */
export async function writeTracker(root: string, origin: string, extraSettings = ''): Promise<void> {
  await mkdir(join(root, 'config', 'documents'), { recursive: true });
  await writeFile(
    join(root, 'config', 'policywatch.yaml'),
    `http:\n  allowPrivateNetwork: true\n  hostDelayMs: 0\n  retries: 0\nemail:\n  from: "Guide alerts <alerts@guide.example>"\n  ratePerSecond: 1000\n${extraSettings}`,
  );
  await writeFile(
    join(root, 'config', 'documents', 'docs.yaml'),
    `documents:\n  - id: retention\n    title: Consumer retention article\n    url: ${origin}/retention\n    topics: [retention]\n` +
      `    claims:\n      - id: deleted-30-days\n        quote: "removed from our back-end storage systems within 30 days"\n        topic: retention\n` +
      `  - id: training\n    title: Model training FAQ\n    url: ${origin}/training\n    topics: [training]\n`,
  );
}

/**
 * serve as `policywatch serve --schedule` builds it, in-process: a tracker folder, a fixture site on 127.0.0.1, a
 * real SMTP server, the composition root with test timings, and a schedule that runs only when asked.
 */
export async function startServeFixture(options: { clock?: Clock; overrides?: AppOverrides; extraSettings?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ServeFixture> {
  const site = await new TestSite().start();
  site.set('/retention', articleHtml(THIRTY));
  site.set('/training', articleHtml('<p>We do not train on your chats unless you opt in.</p>'));
  const smtp = await startSmtpServer();
  const root = await makeTempDir();
  await writeTracker(root, site.origin, options.extraSettings);
  const env: NodeJS.ProcessEnv = { SMTP_URL: smtp.url, POLICYWATCH_SERVE_SECRET: SECRET, POLICYWATCH_SERVE_TOKEN: API_TOKEN, ...options.env };
  const logs = createMemoryLogger();
  const clock = options.clock ?? systemClock;
  const config = await loadConfig(join(root, 'config'));
  const app = createApp({ ...FAST_APP, ...options.overrides, config, env, clock, logger: logs, preferDatabase: true });
  const serve = await startServe({
    app,
    port: 0,
    host: '127.0.0.1',
    apiToken: API_TOKEN,
    emailRetry: { attempts: 2, baseDelayMs: 1 },
    schedule: {
      cron: NEVER,
      timezone: 'UTC',
      run: async (subscribers) => {
        const fresh = await loadConfig(join(root, 'config'));
        const runApp = createApp({ ...FAST_APP, config: fresh, env, clock, logger: logs, notifiers: { subscribers }, database: app.database, subscribers: app.subscribers });
        await executeCheck(runApp, { documents: fresh.documents, notify: true }).finally(() => runApp.close());
      },
    },
  });
  return {
    root,
    site,
    smtp,
    env,
    app,
    serve,
    logs,
    async stop() {
      await serve.close();
      await app.close();
      await Promise.all([site.stop(), smtp.close()]);
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Runs the scheduled check and waits until its alerts are mailed. */
export async function runAndDeliver(fixture: ServeFixture): Promise<void> {
  await fixture.serve.runNow();
  await fixture.serve.worker.kick();
  await fixture.serve.worker.idle();
}

export const linkIn = (text: string, path: string): string => {
  const match = new RegExp(`https?://[^\\s>]+${path.replace('/', '\\/')}\\?token=[^\\s>]+`).exec(text);
  if (!match) throw new Error(`no ${path} link in: ${text.slice(0, 500)}`);
  return match[0];
};
