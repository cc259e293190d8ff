import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CLAIMS_REPORT_SCHEMA_FILE, claimsReportSchemaText } from '../claims/generate-json-schema.ts';
import { jsonSchemas } from '../config/generate-json-schema.ts';
import { readFileIfExists } from '../shared/fs.ts';
import { trackerWorkflow } from './workflow.ts';

export interface ScaffoldOptions {
  /** `uses:` of the action in the workflow: "owner/policywatch@<sha>". */
  action: string;
  /** Comment for the action line: the version that ref is. */
  actionComment?: string;
  /** The tool version SETUP.md says to install. */
  version: string;
}

/** The topics a new tracker starts with; SETUP.md says how to declare others. */
export const STARTER_TOPICS = ['privacy', 'retention', 'deletion', 'sharing', 'training', 'terms'];

const SETTINGS = `# yaml-language-server: $schema=./schema/settings.schema.json
# Run-wide settings. Every field is optional; docs/configuration.md in policywatch lists them all.

# The topics documents, claims and subscribers may name: declared once, here.
topics: [${STARTER_TOPICS.join(', ')}]

# Who is fetching: site owners see this in their logs. Point it at this repository or an address.
userAgent:
  product: policywatch
  contact: https://github.com/OWNER/REPO

# Required once SMTP_URL is set (SETUP.md): an address your SMTP server may send from.
# email:
#   from: "Your guide <guide@your-domain.example>"
`;

const EXAMPLE_DOCUMENT = `# yaml-language-server: $schema=../schema/documents.schema.json
# The pages to watch, one entry each. Replace the example with yours; any *.yaml file in this folder is read.
documents:
  - id: example-privacy-policy           # names the snapshot folder and the issue label doc:<id>
    title: "Anthropic Privacy Policy"    # how alerts name the page
    url: https://www.anthropic.com/legal/privacy
    topics: [privacy]                    # optional; subscribers can follow topics
    # A sentence your guide quotes from the page, verified on every run (\`policywatch guide import\` writes these):
    # claims:
    #   - id: keeps-chats-30-days
    #     quote: "the exact sentence, as the guide prints it"
    #     topic: retention
    # Optional: render: browser (pages that need JavaScript), select / remove (CSS selectors).
`;

const GITIGNORE_LINES = [
  "# policywatch: drafts written when no credentials are set, and serve's database (readers' addresses, unencrypted)",
  'outbox/',
  'node_modules/',
  'policywatch.db*',
];

function setupGuide(options: ScaffoldOptions): string {
  // The command as a maintainer has it once installed: npx would fetch it from npm, where it may not be published.
  const pw = 'policywatch';
  return `# Setting up this tracker

This repository is a [policywatch](https://github.com/policywatch/policywatch) tracker. \`config/\` lists the pages
to watch; \`.github/workflows/policywatch.yml\` checks them every 6 hours, commits what changed, opens a GitHub issue
for each real change and sends each subscriber one email. Setup takes about ten minutes.

## 1. The pages (and your guide's quotes)

The commands below need policywatch ${options.version} on your machine (Node 20.19 or later): from a clone of
policywatch, \`npm ci && npm pack && npm install -g ./policywatch-${options.version}.tgz\`; or, where it is published
on npm, \`npm install -g policywatch@${options.version}\`.

Edit \`config/documents/example.yaml\`: one entry per page, with an \`id\`, a \`title\` and the \`url\`; that is enough.
Declare your own topics under \`topics:\` in \`config/policywatch.yaml\`.

If you publish a guide that quotes these pages, import its quotes as claims. Each claim is re-verified on every
run, and \`claims.json\`, \`claims.html\` and a badge publish the day it was last verified:

    ${pw} guide import path/to/guide.html --dry-run   # the plan: which quote goes on which page
    ${pw} guide import path/to/guide.html             # writes the claims into config/documents/

No guide? Skip it: the tracker watches the pages all the same. Then check:

    ${pw} validate   # every problem names the file, line and fix
    ${pw} doctor     # config, secrets, Chromium, Node and the workflow, with the fix for each

## 2. Secrets

Settings → Secrets and variables → Actions → New repository secret (or \`gh secret set NAME\`):

| secret | what for | how to make it |
| --- | --- | --- |
| \`GITHUB_TOKEN\` | issues, and pushing the snapshot commit | nothing to do: Actions provides it, and the workflow asks for \`contents: write\` and \`issues: write\`. If your organisation limits workflow tokens to read-only, allow "Read and write permissions" under Settings → Actions → General. |
| \`SMTP_URL\` | email to subscribers | \`smtps://USER:PASSWORD@smtp.example.com:465\` (or \`smtp://…:587\`) from your mail provider's SMTP settings: an app password, or an SMTP relay such as Amazon SES, Postmark or Mailgun. Percent-encode \`@ : /\` inside the password. Then set \`email.from\` in \`config/policywatch.yaml\` to an address that server may send from. |
| \`POLICYWATCH_SUBSCRIBERS_KEY\` | the encrypted subscriber list (\`subscribers.json.enc\`) | \`openssl rand -base64 32\`. Keep the same value in your password manager: without it the list cannot be opened. |

Without \`SMTP_URL\` nothing is mailed: the email drafts go to \`outbox/\` on the runner and are discarded.

Optional channels, each off until its secret is set: \`POLICYWATCH_WEBHOOK_URL\` with \`POLICYWATCH_WEBHOOK_SECRET\`
(\`openssl rand -base64 32\`; your receiver checks each request's signature with it) posts every event as signed
JSON; \`SLACK_WEBHOOK_URL\` (a Slack app's incoming webhook) posts it to a Slack channel. Once the secrets are set,
\`${pw} notify --test --to you@example.org\` (with the same values in your shell) sends one test message through
each channel.

Readers subscribing and leaving by themselves: run \`policywatch serve\` on a small always-on host (policywatch's
docs/serve.md), then set \`POLICYWATCH_SERVE_URL\` (its public address) and \`POLICYWATCH_SERVE_TOKEN\` (the API token
it runs with). The workflow hands the subscribers' alerts to serve, which mails them, and updates its status page.

## 3. Subscribers (optional)

    export POLICYWATCH_SUBSCRIBERS_KEY='the same value as the secret'
    ${pw} subscribers add reader@example.org --topics retention --confirm   # sends a confirmation note
    git add subscribers.json.enc && git commit -m "Add a subscriber" && git push

\`--confirmed-by "where consent was collected"\` adds someone who already opted in; \`subscribers import list.csv\`
takes a CSV (email, topics, docs, consent).

## 4. First run

Commit and push, then Actions → policywatch → Run workflow. The first run records every page (no alerts) and
commits \`snapshots/\` and \`claims.json\`. From then on it runs every 6 hours; a run that finds nothing new commits
nothing (claims' verified-on dates move once a day). GitHub pauses schedules after 60 days without a commit: the
action makes an empty keepalive commit after 45 quiet days.

What each run did is in its job summary. Alerts arrive as issues labelled \`doc:<id>\`.

## Files

| path | written by | what |
| --- | --- | --- |
| \`config/\` | you | settings and documents; \`config/schema/\` holds JSON Schemas for editors |
| \`snapshots/\` | the bot | each page's text (\`text.md\`), metadata, raw page; \`_records/\`: queue, claim statuses, email ledger |
| \`claims.json\`, \`claims.html\`, \`claims-badge.json\` | the bot | every claim's status and the day it was last verified |
| \`subscribers.json.enc\` | you and the bot | subscribers, encrypted; the bot counts bounces in it |
`;
}

/** Every file of a new tracker, by path relative to its root. */
export function scaffoldFiles(options: ScaffoldOptions): Record<string, string> {
  // The schemas the YAML files and claims.json name ($schema), generated from the zod schemas of this version.
  const schemas = Object.fromEntries(Object.entries(jsonSchemas()).map(([name, schema]) => [`config/schema/${name}`, JSON.stringify(schema, null, 2) + '\n']));
  schemas[`config/schema/${CLAIMS_REPORT_SCHEMA_FILE}`] = claimsReportSchemaText();
  return {
    'config/policywatch.yaml': SETTINGS,
    'config/documents/example.yaml': EXAMPLE_DOCUMENT,
    ...schemas,
    '.github/workflows/policywatch.yml': trackerWorkflow({ action: options.action, ...(options.actionComment ? { actionComment: options.actionComment } : {}), config: 'config' }),
    'SETUP.md': setupGuide(options),
  };
}

export type FileOutcome = 'created' | 'kept' | 'replaced' | 'extended';

/**
 * Writes the scaffold into `root`. An existing file is kept (or replaced with `force`); an existing .gitignore gets
 * only the lines it lacks. Nothing is deleted.
 */
export async function writeScaffold(root: string, options: ScaffoldOptions & { force?: boolean }): Promise<{ path: string; outcome: FileOutcome }[]> {
  const results: { path: string; outcome: FileOutcome }[] = [];
  for (const [path, content] of Object.entries(scaffoldFiles(options))) {
    const target = join(root, path);
    const existing = await readFileIfExists(target);
    if (existing !== undefined && !options.force) {
      results.push({ path, outcome: 'kept' });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, { flag: options.force ? 'w' : 'wx' });
    results.push({ path, outcome: existing === undefined ? 'created' : 'replaced' });
  }
  results.push({ path: '.gitignore', outcome: await extendGitignore(join(root, '.gitignore')) });
  return results;
}

async function extendGitignore(path: string): Promise<FileOutcome> {
  const current = await readFile(path, 'utf8').catch(() => undefined);
  const have = new Set((current ?? '').split('\n').map((line) => line.trim()));
  const missing = GITIGNORE_LINES.filter((line) => line.startsWith('#') || !have.has(line));
  if (missing.every((line) => line.startsWith('#'))) return 'kept';
  const prefix = current === undefined ? '' : current.endsWith('\n') || current === '' ? '\n' : '\n\n';
  await writeFile(path, `${current ?? ''}${prefix}${missing.join('\n')}\n`);
  return current === undefined ? 'created' : 'extended';
}
