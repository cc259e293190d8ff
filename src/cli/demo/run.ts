import { mkdtemp, readdir, readFile, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentSchema, SettingsSchema } from '../../config/schema.ts';
import type { LoadedConfig } from '../../config/load.ts';
import { createApp } from '../../app/index.ts';
import {
  createFileSubscriberRepository,
  followOf,
  isMailEvent,
  renderMessage,
  upsertSubscriber,
  type Subscriber,
} from '../../notify/email/index.ts';
import type { Channel } from '../../notify/channel.ts';
import type { PipelineEvent } from '../../notify/events.ts';
import { runCheck } from '../../run/check.ts';
import type { RunReport } from '../../run/report.ts';
import type { Clock } from '../../shared/clock.ts';
import { silentLogger } from '../../shared/logger.ts';
import { startDemoSite, type SiteState } from './site.ts';

const DEMO_KEY = 'demo-key-not-a-secret-0123456789';

/**
 * The whole loop in seconds, with no credentials and no network: a fixture site on 127.0.0.1, a first check,
 * a noise-only edit, a real policy edit, and what maintainers and subscribers would receive.
 */
export async function runDemo(out: (text: string) => void, clock: Clock, options: { keep?: boolean } = {}): Promise<RunReport[]> {
  const state: SiteState = { noiseSeed: 0, retentionDays: 30 };
  const { server, origin } = await startDemoSite(state);
  const root = await mkdtemp(join(tmpdir(), 'policywatch-demo-'));
  const reports: RunReport[] = [];
  try {
    const documents = [
      DocumentSchema.parse({
        id: 'demo-retention',
        title: 'Demo privacy center: How long do you store my data?',
        url: `${origin}/articles/retention`,
        topics: ['retention'],
        claims: [{ id: 'deleted-within-30-days', quote: 'deleted from our back-end storage systems within 30 days', topic: 'retention' }],
      }),
      DocumentSchema.parse({ id: 'demo-terms', title: 'Demo Terms of Service', url: `${origin}/legal/terms`, topics: ['terms'] }),
    ];
    const config: LoadedConfig = { configDir: join(root, 'config'), rootDir: root, settings: SettingsSchema.parse({ http: { hostDelayMs: 0 }, confirm: { refetchDelayMs: 100 } }), documents };
    await mkdir(config.configDir, { recursive: true });
    const subscriber = await addDemoSubscriber(join(root, config.settings.email.subscribersFile), clock);

    // The same composition root as `policywatch check`: no credentials, so drafts and .eml files in outbox/.
    const app = createApp({ config, env: { POLICYWATCH_SUBSCRIBERS_KEY: DEMO_KEY }, clock, logger: silentLogger, fetch: { allowLoopback: true } });
    const delivered: PipelineEvent[] = [];
    try {
      const watched: Channel[] = app.channels.map((channel) => ({
        ...channel,
        deliver: async (events) => {
          if (channel.role === 'subscribers') delivered.push(...events);
          return channel.deliver(events);
        },
      }));
      const check = async (label: string) => {
        const report = await runCheck({ config, store: app.store, fetcher: app.fetcher, channels: watched, clock, logger: app.logger }, { documents, notify: true });
        reports.push(report);
        out(`\n▶ ${label}\n`);
        for (const d of report.documents) out(`  ${d.id.padEnd(16)} ${d.outcome}${d.headline ? `: ${d.headline}` : ''}\n`);
        const claims = report.claims.items.map((c) => `${c.id} ${c.status}`).join(', ');
        out(`  claims: ${claims}\n`);
      };

      out(`policywatch demo — fixture site at ${origin}, working folder ${root} (${options.keep ? 'kept afterwards' : 'deleted at the end; --keep keeps it'})\n`);
      out(app.channelLines.map((c) => `  ${c}\n`).join(''));
      await check('1. first check: both pages recorded');
      state.noiseSeed = 1;
      await check('2. noise only: new class names, tracking tokens, "Updated in the last hour", a flipped date format');
      state.retentionDays = 90;
      await check('3. a real policy edit: "within 30 days" becomes "within 90 days"');
    } finally {
      await app.close();
    }

    const draftsDir = join(root, 'outbox', 'issues');
    for (const file of (await readdir(draftsDir).catch(() => [])).sort()) {
      out(`\n━━ What maintainers get: the GitHub issue (${options.keep ? `draft at ${join(draftsDir, file)}` : 'its draft'}) ━━\n`);
      out(await readFile(join(draftsDir, file), 'utf8'));
    }
    const mail = delivered.filter(isMailEvent);
    if (mail.length > 0) {
      const message = renderMessage(subscriber, mail, config.settings);
      const emlDir = join(root, 'outbox', 'email');
      const files = await readdir(emlDir).catch(() => []);
      out(`\n━━ What a subscriber gets: one email (${files.length} .eml file(s)${options.keep ? ` in ${emlDir}` : ''}) ━━\n`);
      out(`Subject: ${message.subject}\n`);
      for (const [name, value] of Object.entries(message.headers)) out(`${name}: ${value}\n`);
      out(`\n${message.text}\n`);
    }
    out(options.keep ? keptFiles(root) : '\nThe working folder was deleted. `policywatch demo --keep` keeps it, to look at the files.\n');
    return reports;
  } finally {
    await new Promise((resolve) => server.close(resolve));
    if (!options.keep) await rm(root, { recursive: true, force: true });
  }
}

/** What --keep leaves behind, and what each part is. */
function keptFiles(root: string): string {
  return [
    '',
    `Kept in ${root}:`,
    '  snapshots/<doc-id>/    what each check recorded: text.md (the extracted text), meta.json, state.json, raw.html.gz',
    '  snapshots/_records/    the notification queue, claim statuses and the email delivery ledger',
    '  outbox/issues/         the issue drafts (GitHub issues once GITHUB_TOKEN is set)',
    '  outbox/email/          the email as .eml files (sent over SMTP once SMTP_URL is set)',
    `  subscribers.json.enc   the demo subscriber, encrypted (key: ${DEMO_KEY})`,
    `Delete it when done: rm -rf ${root}`,
    '',
  ].join('\n');
}

async function addDemoSubscriber(path: string, clock: Clock): Promise<Subscriber> {
  const repository = createFileSubscriberRepository(path, DEMO_KEY);
  return repository.update(
    (book) =>
      upsertSubscriber(
        book,
        { address: 'reader@example.org', follow: followOf([], ['retention']), consent: { kind: 'attested', by: 'policywatch demo' }, source: 'cli' },
        clock.now(),
      ).subscriber,
  );
}
