import { constants } from 'node:fs';
import { access, readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { createApp } from '../app/index.ts';
import { environmentProblems } from '../config/environment.ts';
import { loadConfig, resolveFromRoot, type LoadedConfig } from '../config/load.ts';
import { createAddressGuard } from '../fetch/address.ts';
import { findBrowser, type DiscoveryProbe } from '../fetch/discovery.ts';
import { loadSubscribers, SUBSCRIBERS_KEY_ENV } from '../notify/email/index.ts';
import { chooseSubscriberStore, openSubscriberStore } from '../notify/email/subscribers/open.ts';
import { ConfigError, describeError } from '../shared/errors.ts';
import { silentLogger } from '../shared/logger.ts';
import { readFileIfExists } from '../shared/fs.ts';
import { isTimeZone } from '../shared/time-zone.ts';

export type Severity = 'ok' | 'warn' | 'error';

/** One thing doctor looked at: what it found and, when something is wrong, what to do. Never a secret's value. */
export interface Finding {
  check: 'node' | 'config' | 'documents' | 'channels' | 'subscribers' | 'email' | 'chromium' | 'user-agent' | 'time-zone' | 'workflow' | 'git' | 'snapshots';
  severity: Severity;
  message: string;
  fix?: string;
}

export interface DoctorInput {
  configDir: string;
  env: NodeJS.ProcessEnv;
  /** The zone `schedule --timezone` will get, when the user wants it checked. */
  timezone?: string;
  /** process.versions.node; the minimum comes from package.json `engines`. */
  nodeVersion: string;
  minimumNode: string;
  /** Chromium discovery on this machine (tests replace it). */
  browserProbe?: Partial<DiscoveryProbe>;
}

const version = (v: string) => v.replace(/^[^\d]*/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
const atLeast = (v: string, min: string) => {
  const [a, b] = [version(v), version(min)];
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};

function checkNode(input: DoctorInput): Finding {
  const { nodeVersion: v, minimumNode: min } = input;
  if (!atLeast(v, min)) return { check: 'node', severity: 'error', message: `Node ${v} is older than the ${min} policywatch needs`, fix: 'install Node 22 or 24 (https://nodejs.org, or nvm install 24)' };
  if (!atLeast(v, '22.0.0')) {
    return { check: 'node', severity: 'warn', message: `Node ${v}: Node 20 reached its end of life in April 2026, and some dependencies already want 22`, fix: 'use Node 22 or 24 (the GitHub action runs on 24)' };
  }
  return { check: 'node', severity: 'ok', message: `Node ${v}` };
}

function checkTimeZones(input: DoctorInput): Finding[] {
  const findings: Finding[] = [];
  const tz = input.env.TZ;
  // An unknown TZ makes Node fall back to UTC without a word: every local time printed would be off.
  if (tz && !isTimeZone(tz.replace(/^:/, ''))) findings.push({ check: 'time-zone', severity: 'error', message: `TZ is "${tz}", a time zone Node does not know (it silently uses UTC)`, fix: 'set TZ to an IANA name such as "Europe/Berlin", or unset it' });
  if (input.timezone !== undefined) {
    findings.push(
      isTimeZone(input.timezone)
        ? { check: 'time-zone', severity: 'ok', message: `schedule time zone ${input.timezone}` }
        : { check: 'time-zone', severity: 'error', message: `--timezone "${input.timezone}" is not a time zone`, fix: 'give an IANA name such as "UTC", "Europe/Berlin" or "America/New_York"' },
    );
  }
  return findings;
}

function checkChannels(config: LoadedConfig, env: NodeJS.ProcessEnv): Finding[] {
  try {
    const app = createApp({ config, env, logger: silentLogger });
    const lines = app.channelLines;
    void app.close();
    const findings: Finding[] = lines.map((line) => ({ check: 'channels', severity: 'ok', message: line }));
    if (env.GITHUB_ACTIONS !== 'true' && lines.some((line) => /no GITHUB_TOKEN|no SMTP/.test(line))) {
      findings.push({ check: 'channels', severity: 'ok', message: 'in Actions, the action gets GITHUB_TOKEN and your secrets; set them here too to check them' });
    }
    return findings;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A half-set channel (a token without a repository, a malformed SMTP_URL): check would stop on it.
    return [{ check: 'channels', severity: 'error', message: error.message, ...(error.problems.length ? { fix: error.problems.join('; ') } : {}) }];
  }
}

/** serve's database holds the subscribers (email.subscriberStore): count them; no key is involved. */
async function checkSubscriberDatabase(config: LoadedConfig, env: NodeJS.ProcessEnv, shownAs: string): Promise<Finding[]> {
  let opened: ReturnType<typeof openSubscriberStore> | undefined;
  try {
    opened = openSubscriberStore(config, env);
    const book = await opened.repository.load();
    const active = book.subscribers.filter((s) => s.state === 'active').length;
    return [{ check: 'subscribers', severity: 'ok', message: `${shownAs} (serve's database): ${book.subscribers.length} subscriber(s), ${active} active` }];
  } catch (error) {
    return [{ check: 'subscribers', severity: 'error', message: `${shownAs} cannot be opened: ${describeError(error)}`, fix: 'restore it from a backup, or set email.subscriberStore: file to use the encrypted file' }];
  } finally {
    opened?.close();
  }
}

async function checkSubscribers(config: LoadedConfig, env: NodeJS.ProcessEnv): Promise<Finding[]> {
  const store = chooseSubscriberStore(config);
  if (store.kind === 'sqlite') {
    if (!store.exists) return [{ check: 'subscribers', severity: 'ok', message: `no ${store.shownAs} yet: serve creates it with the first subscriber` }];
    return await checkSubscriberDatabase(config, env, store.shownAs);
  }
  const file = config.settings.email.subscribersFile;
  const path = resolveFromRoot(config, file);
  const exists = (await readFileIfExists(path)) !== undefined;
  const key = env[SUBSCRIBERS_KEY_ENV];
  const smtp = Boolean(env.SMTP_URL || env.SMTP_HOST);
  if (!exists) {
    const findings: Finding[] = [];
    if (key) findings.push({ check: 'subscribers', severity: 'warn', message: `${SUBSCRIBERS_KEY_ENV} is set but there is no ${file}: nobody is subscribed`, fix: `add subscribers with \`policywatch subscribers add\` (then commit ${file}), or check email.subscribersFile` });
    if (smtp) findings.push({ check: 'subscribers', severity: 'warn', message: `SMTP is configured but there is no ${file}: no email will be sent`, fix: 'add subscribers with `policywatch subscribers add ADDRESS --confirm`' });
    if (findings.length === 0) findings.push({ check: 'subscribers', severity: 'ok', message: `no ${file}: no subscribers yet (optional)` });
    return findings;
  }
  if (!key) {
    return [{ check: 'subscribers', severity: 'error', message: `${file} exists but ${SUBSCRIBERS_KEY_ENV} is not set: it cannot be opened, and subscribers' email stays queued`, fix: `set the secret ${SUBSCRIBERS_KEY_ENV} to the key the file was made with (and export it here to check it)` }];
  }
  try {
    const book = await loadSubscribers(path, key);
    const active = book.subscribers.filter((s) => s.state === 'active').length;
    const findings: Finding[] = [{ check: 'subscribers', severity: 'ok', message: `${file} opens with ${SUBSCRIBERS_KEY_ENV}: ${book.subscribers.length} subscriber(s), ${active} active` }];
    if (!smtp && active > 0) findings.push({ check: 'subscribers', severity: 'warn', message: `${active} active subscriber(s) but no SMTP settings: their email becomes .eml drafts in outbox/`, fix: 'set the secret SMTP_URL (SETUP.md says how)' });
    return findings;
  } catch (error) {
    // The error names the file, what is wrong and the fix itself.
    return [{ check: 'subscribers', severity: 'error', message: describeError(error), fix: `set ${SUBSCRIBERS_KEY_ENV} to the key the file was made with; restore the file from git if it is damaged` }];
  }
}

function checkEmail(config: LoadedConfig, env: NodeJS.ProcessEnv): Finding[] {
  const problems = environmentProblems(config, env);
  if (problems.length > 0) return problems.map((p) => ({ check: 'email', severity: 'error', message: p.split('; ')[0]!, fix: p.slice(p.indexOf('; ') + 2) }));
  const from = config.settings.email.from;
  if (from && /your-domain\.example|example\.(org|com|net)>?$/i.test(from)) {
    return [{ check: 'email', severity: 'warn', message: `email.from is still a placeholder (${from})`, fix: 'set it to an address your SMTP server may send from' }];
  }
  return from ? [{ check: 'email', severity: 'ok', message: `email from ${from}` }] : [];
}

function checkChromium(config: LoadedConfig, input: DoctorInput): Finding {
  const needing = config.documents.filter((d) => d.render === 'browser').map((d) => d.id);
  try {
    const found = findBrowser(input.env, config.settings, input.browserProbe ? { probe: input.browserProbe } : {});
    return { check: 'chromium', severity: 'ok', message: `Chromium at ${found.executablePath} (${found.source})${needing.length ? ` for ${needing.length} document(s) with render: browser` : ''}` };
  } catch (error) {
    const fix = describeError(error).replace(/^[^:]*: /, '');
    if (needing.length === 0) return { check: 'chromium', severity: 'ok', message: 'no Chromium here; no document needs it (bot-blocked pages cannot fall back to it)' };
    return {
      check: 'chromium',
      severity: 'warn',
      message: `${needing.join(', ')} render${needing.length === 1 ? 's' : ''} in a browser, but no Chromium was found here: checks on this machine fail for ${needing.length === 1 ? 'it' : 'them'} (the GitHub action installs Chromium itself)`,
      fix,
    };
  }
}

/**
 * A page on this machine or a private network (a first try with a local copy, an intranet) is refused by every fetch
 * unless the settings allow it: say so now, not after a run of failures. Names are judged by their form only
 * (localhost); doctor resolves nothing.
 */
function checkPrivatePages(config: LoadedConfig): Finding[] {
  if (config.settings.http.allowPrivateNetwork) return [];
  const guard = createAddressGuard();
  const local = config.documents.filter((doc) => {
    const host = new URL(doc.url).hostname.toLowerCase();
    const literal = guard.literal(host);
    return host === 'localhost' || host.endsWith('.localhost') || (literal !== undefined && guard.isPrivate(literal));
  });
  if (local.length === 0) return [];
  return [
    {
      check: 'documents',
      severity: 'error',
      message: `${local.map((d) => d.id).join(', ')}: ${local.length === 1 ? 'its URL is' : 'their URLs are'} on this machine or a private network, which every fetch refuses`,
      fix: 'set http.allowPrivateNetwork: true in policywatch.yaml (only for pages you serve yourself), or use the public URL',
    },
  ];
}

function checkUserAgent(config: LoadedConfig): Finding {
  const contact = config.settings.userAgent.contact;
  if (/OWNER\/REPO/.test(contact)) {
    return { check: 'user-agent', severity: 'warn', message: `userAgent.contact is ${contact}: site owners who see your requests cannot reach you`, fix: 'set userAgent.contact in policywatch.yaml to your tracker\'s URL or an email address' };
  }
  return { check: 'user-agent', severity: 'ok', message: `requests say ${config.settings.userAgent.product} (${contact})` };
}

async function findRepoRoot(start: string): Promise<string | undefined> {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (await access(join(dir, '.git')).then(() => true, () => false)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

type Job = { permissions?: unknown; steps?: { uses?: string; with?: Record<string, unknown> }[] };
type Workflow = { on?: unknown; permissions?: unknown; concurrency?: unknown; jobs?: Record<string, Job> };

const grants = (permissions: unknown, scope: string) =>
  permissions === 'write-all' || (typeof permissions === 'object' && permissions !== null && (permissions as Record<string, unknown>)[scope] === 'write');

/** The workflows that run policywatch: permissions, pushing credentials, pins, schedule, concurrency, config path. */
async function checkWorkflows(repoRoot: string, config: LoadedConfig): Promise<Finding[]> {
  const dir = join(repoRoot, '.github', 'workflows');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => /\.ya?ml$/.test(f)).sort();
  const findings: Finding[] = [];
  let runs = 0;
  let scheduled = false;
  for (const file of files) {
    const shown = relative(repoRoot, join(dir, file));
    let workflow: Workflow;
    try {
      workflow = (parseYaml(await readFile(join(dir, file), 'utf8')) ?? {}) as Workflow;
    } catch (error) {
      findings.push({ check: 'workflow', severity: 'error', message: `${shown} is not valid YAML (${describeError(error).split('\n')[0]})`, fix: 'fix its indentation or quoting; GitHub will not run it' });
      continue;
    }
    for (const [name, job] of Object.entries(workflow.jobs ?? {})) {
      const steps = job.steps ?? [];
      const action = steps.find((s) => typeof s.uses === 'string' && /(^|\/)policywatch@|^\.\/?$/.test(s.uses) && !s.with?.['shard']);
      if (!action?.uses) continue;
      runs++;
      const where = `${shown} job "${name}"`;
      const permissions = job.permissions ?? workflow.permissions;
      const missing = ['contents', 'issues'].filter((scope) => !grants(permissions, scope));
      if (missing.length > 0) {
        findings.push({
          check: 'workflow',
          severity: 'error',
          message: `${where}: GITHUB_TOKEN lacks ${missing.map((s) => `${s}: write`).join(' and ')}: ${missing.includes('contents') ? 'the snapshot commit cannot be pushed' : ''}${missing.length === 2 ? ', and ' : ''}${missing.includes('issues') ? 'no issue can be opened' : ''}`,
          fix: 'add to the workflow:  permissions: { contents: write, issues: write }',
        });
      }
      const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout@'));
      if (!checkout) findings.push({ check: 'workflow', severity: 'error', message: `${where}: no actions/checkout step before policywatch`, fix: 'check out the tracker first (policywatch init writes the workflow)' });
      else if (checkout.with?.['persist-credentials'] === false) findings.push({ check: 'workflow', severity: 'error', message: `${where}: checkout has persist-credentials: false, so the snapshot commit cannot be pushed`, fix: 'set persist-credentials: true on the checkout of this job' });
      if (!action.uses.startsWith('./') && !/@[0-9a-f]{40}$/.test(action.uses)) {
        findings.push({ check: 'workflow', severity: 'warn', message: `${where}: uses ${action.uses}, a tag or branch that can be moved`, fix: `pin the commit: git ls-remote https://github.com/${action.uses.split('@')[0]} refs/tags/${action.uses.split('@')[1]} gives its SHA; write owner/repo@<sha> # tag` });
      }
      const on = workflow.on;
      if (typeof on === 'object' && on !== null && 'schedule' in on) scheduled = true;
      if (!workflow.concurrency) findings.push({ check: 'workflow', severity: 'warn', message: `${shown}: no concurrency group: two runs can race to push`, fix: 'add  concurrency: { group: policywatch, cancel-in-progress: false }' });
      const configInput = typeof action.with?.['config'] === 'string' ? (action.with['config'] as string) : 'config';
      if (resolve(repoRoot, configInput) !== config.configDir) {
        findings.push({ check: 'workflow', severity: 'warn', message: `${where}: the action reads ${configInput}/, not the ${relative(repoRoot, config.configDir) || '.'}/ checked here`, fix: 'set its `config:` input to the folder you edit' });
      }
      if (findings.filter((f) => f.message.startsWith(where) || f.message.startsWith(shown)).length === 0) {
        findings.push({ check: 'workflow', severity: 'ok', message: `${where}: ${action.uses}, contents and issues: write` });
      }
    }
  }
  if (runs > 0 && !scheduled) {
    findings.push({ check: 'workflow', severity: 'warn', message: 'no workflow that runs policywatch has a schedule: checks run only when started by hand', fix: "add  on: { schedule: [{ cron: '37 */6 * * *' }], workflow_dispatch: {} }" });
  }
  if (runs === 0) {
    findings.push({ check: 'workflow', severity: 'warn', message: `no workflow in ${relative(process.cwd(), dir) || dir} runs policywatch`, fix: '`policywatch init` writes one (.github/workflows/policywatch.yml)' });
  }
  return findings;
}

async function checkSnapshots(config: LoadedConfig): Promise<Finding> {
  const dir = resolveFromRoot(config, config.settings.paths.snapshots);
  // The folder is created on the first run: its nearest existing ancestor must be writable.
  let probe = dir;
  while (!(await access(probe).then(() => true, () => false)) && dirname(probe) !== probe) probe = dirname(probe);
  const writable = await access(probe, constants.W_OK).then(() => true, () => false);
  return writable
    ? { check: 'snapshots', severity: 'ok', message: `snapshots go to ${relative(process.cwd(), dir) || dir}` }
    : { check: 'snapshots', severity: 'error', message: `${probe} is not writable: snapshots cannot be recorded`, fix: 'run from a folder you can write to, or change paths.snapshots' };
}

/** Every check, in the order a maintainer fixes things. Throws only on a bug; every finding is in the list. */
export async function runDoctor(input: DoctorInput): Promise<{ findings: Finding[]; config?: LoadedConfig }> {
  const findings: Finding[] = [checkNode(input)];
  let config: LoadedConfig | undefined;
  try {
    config = await loadConfig(input.configDir);
    const claims = config.documents.reduce((n, d) => n + d.claims.length, 0);
    findings.push({ check: 'config', severity: 'ok', message: `${config.documents.length} document(s), ${claims} claim(s), topics: ${config.settings.topics.join(', ')}` });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    findings.push({ check: 'config', severity: 'error', message: error.message, fix: error.problems.length ? error.problems.join('\n') : 'run `policywatch validate`' });
  }
  if (config) {
    findings.push(...checkPrivatePages(config));
    findings.push(...checkEmail(config, input.env));
    findings.push(...checkChannels(config, input.env));
    findings.push(...(await checkSubscribers(config, input.env)));
    findings.push(checkChromium(config, input));
    findings.push(checkUserAgent(config));
    findings.push(await checkSnapshots(config));
  }
  findings.push(...checkTimeZones(input));
  const repoRoot = await findRepoRoot(config?.rootDir ?? dirname(resolve(input.configDir)));
  if (!repoRoot) {
    findings.push({ check: 'git', severity: 'warn', message: 'not inside a git repository: `publish` has nothing to commit to', fix: 'git init, then push it to GitHub (a tracker is a repository)' });
  } else if (config) {
    findings.push(...(await checkWorkflows(repoRoot, config)));
  }
  return { findings, ...(config ? { config } : {}) };
}
