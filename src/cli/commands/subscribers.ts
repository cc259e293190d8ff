import { existsSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, resolveFromRoot } from '../../config/load.ts';
import { SettingsSchema } from '../../config/schema.ts';
import type { Settings, Topic } from '../../config/schema.ts';
import type { CliContext, RegisterCommand } from '../context.ts';
import { EXIT } from '../context.ts';
import { describeError, StoreError } from '../../shared/errors.ts';
import { chooseSubscriberStore, openChosenSubscriberStore } from '../../notify/email/subscribers/open.ts';
import type { SubscriberStoreChoice } from '../../notify/email/subscribers/open.ts';
import type { SubscriberRepository } from '../../notify/email/subscribers/port.ts';
import { redactorFor, terminalLine } from '../../untrusted/index.ts';
import {
  SUBSCRIBERS_KEY_ENV,
  SubscribersError,
  confirmSubscriber,
  createOutboxTransport,
  createSmtpTransport,
  followOf,
  maskAddress,
  parseSubscriberCsv,
  sendConfirmation,
  subscribersToCsv,
  unsubscribe,
  upsertSubscriber,
} from '../../notify/email/index.ts';
import type { AddOutcome, ConsentInput, Subscriber } from '../../notify/email/index.ts';

interface FileOptions {
  file?: string;
  config?: string;
}

interface Setup {
  /** The store `check` and `notify` use with these settings (email.subscriberStore), or the file `--file` names. */
  store: SubscriberStoreChoice;
  settings: Settings;
  outboxDir: string;
  docIds?: string[];
}

/**
 * The one place that knows where settings come from: the config folder when there is one (paths relative to the
 * repository root), else defaults in the working directory. The store is the one a run with these settings uses
 * (chooseSubscriberStore: serve's database or the encrypted file), so the commands never edit a list the run does
 * not read. `--file` always means that encrypted file.
 */
async function resolveSetup(ctx: CliContext, opts: FileOptions): Promise<Setup> {
  const configDir = resolve(ctx.cwd, opts.config ?? 'config');
  const hasConfig = opts.config !== undefined || (await access(configDir).then(() => true, () => false));
  const config = hasConfig ? await loadConfig(configDir) : { rootDir: ctx.cwd, settings: SettingsSchema.parse({}), documents: undefined };
  const setup: Setup = {
    settings: config.settings,
    store: chooseSubscriberStore(config),
    outboxDir: resolveFromRoot(config, config.settings.paths.outbox),
    ...(config.documents ? { docIds: config.documents.map((d) => d.id) } : {}),
  };
  if (!opts.file) return setup;
  const path = resolve(ctx.cwd, opts.file);
  return { ...setup, store: { kind: 'file', path, shownAs: opts.file, exists: existsSync(path) } };
}

const csvList = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** Topics a subscriber may follow: those the settings declare. */
function parseTopics(value: string | undefined, setup: Setup): Topic[] {
  return csvList(value).map((name) => {
    if (!setup.settings.topics.includes(name)) {
      throw new SubscribersError(`unknown topic "${name}"; the declared topics are ${setup.settings.topics.join(', ')} (settings "topics:")`, 'not-found');
    }
    return name;
  });
}

/** A file the command line names: a missing or unreadable one is the user's to fix (exit 2), not an internal error. */
async function readInput(ctx: CliContext, path: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(ctx.cwd, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : describeError(error);
    throw new SubscribersError(`cannot read ${path} (${why}); give the path of ${what}`, 'not-found');
  }
}

function parseDocs(value: string | undefined, setup: Setup): string[] {
  const docs = csvList(value);
  const unknown = setup.docIds ? docs.filter((d) => !setup.docIds?.includes(d)) : [];
  if (unknown.length) throw new SubscribersError(`unknown document id(s): ${unknown.join(', ')}`, 'not-found');
  return docs;
}

function consentFrom(opts: { confirm?: boolean; confirmedBy?: string }, required: boolean): ConsentInput | undefined {
  if (opts.confirm && opts.confirmedBy) throw new SubscribersError('use either --confirm or --confirmed-by, not both', 'not-found');
  if (opts.confirm) return { kind: 'confirm' };
  if (opts.confirmedBy?.trim()) return { kind: 'attested', by: opts.confirmedBy.trim() };
  if (required) {
    throw new SubscribersError('say how consent was given: --confirm (send a confirmation note) or --confirmed-by "where consent was collected"', 'not-found');
  }
  return undefined;
}

const describeStore = (store: SubscriberStoreChoice) => (store.kind === 'sqlite' ? `serve's database ${store.shownAs}` : `the encrypted file ${store.shownAs}`);

const describeFollow = (s: Subscriber) =>
  s.follow.kind === 'all' ? 'all documents' : [...s.follow.docs.map((d) => `doc:${d}`), ...s.follow.topics.map((t) => `topic:${t}`)].join(' ');
const describeConsent = (s: Subscriber) =>
  s.consent.method === 'attested' ? `attested (${s.consent.by})` : s.consent.confirmedAt ? 'confirmed by email' : 'awaiting confirmation';

/** Sends the confirmation notes; a failure leaves the subscriber pending and says so (without the address). */
async function sendConfirmations(ctx: CliContext, setup: Setup, pending: Subscriber[]): Promise<void> {
  if (!pending.length) return;
  const transport = createSmtpTransport(ctx.env, setup.settings) ?? createOutboxTransport(setup.outboxDir);
  try {
    for (const sub of pending) {
      try {
        await sendConfirmation(transport, sub, setup.settings, ctx.clock);
        ctx.stdout(`confirmation note sent to ${maskAddress(sub.address)}${transport.kind === 'outbox' ? ` (written to ${setup.outboxDir})` : ''}\n`);
      } catch (error) {
        ctx.stderr(`confirmation note to ${maskAddress(sub.address)} not sent: ${terminalLine(describeError(error), redactorFor(ctx.env))}; run the command again to retry\n`);
        ctx.setExitCode(EXIT.partial);
      }
    }
  } finally {
    await transport.close();
  }
}

export const registerSubscribersCommand: RegisterCommand = (program: Command, ctx: CliContext) => {
  const group = program
    .command('subscribers')
    .description(`Manage email subscribers in the store a run uses (email.subscriberStore): serve's database, or the encrypted file (key in ${SUBSCRIBERS_KEY_ENV}).`);
  const withFile = (cmd: Command) =>
    cmd.option('--file <path>', 'this encrypted subscribers file instead of the store the settings select').option('--config <dir>', 'config folder', undefined);
  const run = <T extends unknown[]>(action: (...args: T) => Promise<void>) =>
    async (...args: T) => {
      try {
        await action(...args);
      } catch (error) {
        // A store that does not open (a damaged database, a wrong key) is the user's to fix; its message says how.
        if (!(error instanceof SubscribersError || (error instanceof StoreError && !error.transient))) throw error;
        ctx.stderr(`policywatch subscribers: ${terminalLine(error.message, redactorFor(ctx.env))}\n`);
        ctx.setExitCode(EXIT.usage);
      }
    };
  /** Runs `use` on the store a run with these settings reads, and closes it (the database) afterwards. */
  const withStore = async <T>(setup: Setup, use: (repository: SubscriberRepository) => Promise<T>): Promise<T> => {
    const opened = openChosenSubscriberStore(setup.store, ctx.env);
    try {
      return await use(opened.repository);
    } finally {
      opened.close();
    }
  };

  withFile(group.command('add <address>').description('Add a subscriber (or merge into the existing record).'))
    .option('--topics <list>', 'follow these topics (comma-separated)')
    .option('--docs <list>', 'follow these document ids (comma-separated)')
    .option('--confirm', 'send a confirmation note; the subscription starts when its code is confirmed')
    .option('--confirmed-by <text>', 'consent was collected elsewhere: say where (recorded with the subscriber)')
    .action(run(async (address: string, opts: FileOptions & { topics?: string; docs?: string; confirm?: boolean; confirmedBy?: string }) => {
      const setup = await resolveSetup(ctx, opts);
      const consent = consentFrom(opts, true) as ConsentInput;
      const follow = followOf(parseDocs(opts.docs, setup), parseTopics(opts.topics, setup));
      const { subscriber, outcome } = await withStore(setup, (r) =>
        r.update((book) => upsertSubscriber(book, { address, follow, consent, source: 'cli' }, ctx.clock.now())),
      );
      ctx.stdout(`${outcome} ${maskAddress(subscriber.address)}: ${subscriber.state}, follows ${describeFollow(subscriber)}\n`);
      if (subscriber.state === 'pending') await sendConfirmations(ctx, setup, [subscriber]);
    }));

  withFile(group.command('remove <addressOrToken>').description('Unsubscribe (by address or unsubscribe token).'))
    .option('--purge', 'delete the record entirely instead of keeping it as unsubscribed')
    .action(run(async (target: string, opts: FileOptions & { purge?: boolean }) => {
      const setup = await resolveSetup(ctx, opts);
      const sub = await withStore(setup, (r) => r.update((book) => unsubscribe(book, target, ctx.clock.now(), opts.purge)));
      ctx.stdout(`${opts.purge ? 'deleted' : 'unsubscribed'} ${maskAddress(sub.address)}\n`);
    }));

  withFile(group.command('list').description('List subscribers (addresses masked unless --reveal).'))
    .option('--reveal', 'show full addresses')
    .action(run(async (opts: FileOptions & { reveal?: boolean }) => {
      const setup = await resolveSetup(ctx, opts);
      const book = await withStore(setup, (r) => r.load());
      for (const s of book.subscribers) {
        const address = opts.reveal ? s.address : maskAddress(s.address);
        ctx.stdout(`${address}\t${s.state}\t${describeFollow(s)}\tsince ${s.subscribedAt.slice(0, 10)}\t${describeConsent(s)}\n`);
      }
      const active = book.subscribers.filter((s) => s.state === 'active').length;
      ctx.stdout(`${book.subscribers.length} subscriber(s), ${active} active, in ${describeStore(setup.store)}\n`);
    }));

  withFile(group.command('import <csv>').description('Import subscribers from CSV (email,topics,docs,consent).'))
    .option('--confirm', 'send confirmation notes to the new subscribers')
    .option('--confirmed-by <text>', 'consent for rows without a "consent" column: say where it was collected')
    .action(run(async (csvPath: string, opts: FileOptions & { confirm?: boolean; confirmedBy?: string }) => {
      const setup = await resolveSetup(ctx, opts);
      const fallback = consentFrom(opts, false);
      const { rows, problems } = parseSubscriberCsv(await readInput(ctx, csvPath, 'a CSV file with an "email" column'), setup.settings.topics);
      const noConsent = rows.filter((r) => !r.consentBy && !fallback);
      problems.push(...noConsent.map((r) => `line ${r.line}: no consent given (add a "consent" column, --confirmed-by or --confirm)`));
      if (problems.length) throw new SubscribersError(`nothing imported:\n  ${problems.join('\n  ')}`, 'invalid-address');
      const counts: Record<AddOutcome, number> = { added: 0, merged: 0, reactivated: 0, skipped: 0 };
      const pending = await withStore(setup, (r) => r.update((book) => {
        const touched: Subscriber[] = [];
        for (const row of rows) {
          const consent: ConsentInput = row.consentBy ? { kind: 'attested', by: row.consentBy } : (fallback as ConsentInput);
          const { subscriber, outcome } = upsertSubscriber(book, { address: row.address, follow: followOf(row.docs, row.topics), consent, source: 'import' }, ctx.clock.now());
          counts[outcome]++;
          if (subscriber.state === 'pending' && outcome !== 'skipped' && !touched.includes(subscriber)) touched.push(subscriber);
        }
        return touched;
      }));
      ctx.stdout(`imported ${rows.length} row(s): ${counts.added} added, ${counts.merged} merged, ${counts.skipped} skipped (unsubscribed or bounced earlier)\n`);
      await sendConfirmations(ctx, setup, pending);
    }));

  withFile(group.command('export').description('Export subscribers as CSV to stdout (addresses masked unless --reveal).'))
    .option('--reveal', 'include full addresses')
    .action(run(async (opts: FileOptions & { reveal?: boolean }) => {
      const setup = await resolveSetup(ctx, opts);
      ctx.stdout(subscribersToCsv((await withStore(setup, (r) => r.load())).subscribers, Boolean(opts.reveal)));
    }));

  withFile(group.command('confirm <code>').description('Activate a pending subscription with the code from its confirmation note.'))
    .action(run(async (code: string, opts: FileOptions) => {
      const setup = await resolveSetup(ctx, opts);
      const sub = await withStore(setup, (r) => r.update((book) => confirmSubscriber(book, code, ctx.clock.now())));
      ctx.stdout(`confirmed ${maskAddress(sub.address)}: active, follows ${describeFollow(sub)}\n`);
    }));

};
