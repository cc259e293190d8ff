import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDoctor, type DoctorInput, type Finding } from '../../src/adopt/doctor.ts';
import { scaffoldFiles } from '../../src/adopt/scaffold.ts';
import { createFileSubscriberRepository, followOf, upsertSubscriber } from '../../src/notify/email/index.ts';
import { runCli } from '../support/cli.ts';
import { withTempDir } from '../support/temp-dir.ts';

const KEY = 'doctor-test-subscribers-key-0123456789';
const SHA = 'c'.repeat(40);

/** A tracker as `init` makes it (pinned action, sender set, contact set), in a folder with a .git. */
async function tracker(dir: string, edit: Record<string, string> = {}): Promise<string> {
  const files = { ...scaffoldFiles({ action: `acme/policywatch@${SHA}`, version: '0.0.0' }), ...edit };
  files['config/policywatch.yaml'] = (edit['config/policywatch.yaml'] ??
    'topics: [privacy]\nuserAgent:\n  contact: https://github.com/acme/tracker\nemail:\n  from: "Acme guide <guide@acme.test>"\n');
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  await mkdir(join(dir, '.git'), { recursive: true });
  return join(dir, 'config');
}

const noChromium = { exists: () => false, playwrightPath: () => undefined, systemPaths: [] };
const doctor = (configDir: string, env: NodeJS.ProcessEnv = {}, extra: Partial<DoctorInput> = {}) =>
  runDoctor({ configDir, env, nodeVersion: '24.1.0', minimumNode: '20.19', browserProbe: noChromium, ...extra }).then((r) => r.findings);
const problems = (findings: Finding[], severity: Finding['severity'] = 'error') => findings.filter((f) => f.severity === severity);

async function subscribe(root: string): Promise<void> {
  await createFileSubscriberRepository(join(root, 'subscribers.json.enc'), KEY).update((book) => {
    upsertSubscriber(book, { address: 'reader@example.org', follow: followOf([], ['privacy']), consent: { kind: 'attested', by: 'test' }, source: 'cli' }, new Date());
  });
}

describe('policywatch doctor', () => {
  it('finds nothing wrong with a tracker as init makes it, with its sender and contact set', async () => {
    await withTempDir(async (dir) => {
      const findings = await doctor(await tracker(dir));
      expect(problems(findings)).toEqual([]);
      expect(problems(findings, 'warn')).toEqual([]);
      expect(findings.map((f) => f.check)).toEqual(expect.arrayContaining(['node', 'config', 'channels', 'subscribers', 'chromium', 'workflow']));
    });
  });

  it('SMTP without email.from: an error naming the field and the fix', async () => {
    await withTempDir(async (dir) => {
      const config = await tracker(dir, { 'config/policywatch.yaml': 'topics: [privacy]\n' });
      const [finding] = problems(await doctor(config, { SMTP_URL: 'smtps://u:pw-not-printed@smtp.example.com:465' }));
      expect(finding).toMatchObject({ check: 'email', message: expect.stringContaining('field "email.from": SMTP_URL turns on email over SMTP'), fix: expect.stringContaining('email: { from:') });
      expect(JSON.stringify(finding)).not.toContain('pw-not-printed');
    });
  });

  it('a subscribers file without its key is an error; a key without a file, or a wrong key, are told too', async () => {
    await withTempDir(async (dir) => {
      const config = await tracker(dir);
      expect(problems(await doctor(config, { POLICYWATCH_SUBSCRIBERS_KEY: KEY }), 'warn')).toEqual([
        expect.objectContaining({ check: 'subscribers', message: expect.stringMatching(/POLICYWATCH_SUBSCRIBERS_KEY is set but there is no subscribers\.json\.enc/) }),
      ]);
      await subscribe(dir);
      expect(problems(await doctor(config, {}))).toEqual([
        expect.objectContaining({ check: 'subscribers', message: expect.stringMatching(/exists but POLICYWATCH_SUBSCRIBERS_KEY is not set/), fix: expect.stringMatching(/set the secret/) }),
      ]);
      expect(problems(await doctor(config, { POLICYWATCH_SUBSCRIBERS_KEY: 'a-different-key-of-enough-length' }))).toEqual([
        expect.objectContaining({ check: 'subscribers', message: expect.stringMatching(/^POLICYWATCH_SUBSCRIBERS_KEY does not open \S*subscribers\.json\.enc \(wrong key\)/) }),
      ]);
      const opened = await doctor(config, { POLICYWATCH_SUBSCRIBERS_KEY: KEY });
      expect(opened).toEqual(expect.arrayContaining([expect.objectContaining({ check: 'subscribers', severity: 'ok', message: expect.stringMatching(/1 subscriber\(s\), 1 active/) })]));
      expect(problems(opened, 'warn')).toEqual([expect.objectContaining({ message: expect.stringMatching(/no SMTP settings: their email becomes \.eml drafts/) })]);
    });
  });

  it("with serve's database, counts the subscribers there (no key involved)", async () => {
    await withTempDir(async (dir) => {
      const config = await tracker(dir);
      const { openDatabase } = await import('../../src/store/database.ts');
      const { createSqliteSubscriberRepository } = await import('../../src/notify/email/subscribers/sqlite.ts');
      const db = openDatabase(join(dir, 'policywatch.db'));
      await createSqliteSubscriberRepository(db).update((book) => {
        upsertSubscriber(book, { address: 'reader@example.org', follow: followOf([], ['privacy']), consent: { kind: 'attested', by: 'test' }, source: 'cli' }, new Date());
      });
      db.close();
      const findings = await doctor(config);
      expect(problems(findings)).toEqual([]);
      expect(findings).toEqual(expect.arrayContaining([expect.objectContaining({ check: 'subscribers', severity: 'ok', message: "policywatch.db (serve's database): 1 subscriber(s), 1 active" })]));
    });
  });

  it('a page on this machine or a private network is an error until http.allowPrivateNetwork allows it', async () => {
    await withTempDir(async (dir) => {
      const documents = (urls: string[]) => `documents:\n${urls.map((url, i) => `  - id: page-${i}\n    title: Page ${i}\n    url: ${url}\n`).join('')}`;
      const settings = 'topics: [privacy]\nuserAgent:\n  contact: https://github.com/acme/tracker\n';
      const config = await tracker(dir, {
        'config/documents/example.yaml': documents(['http://127.0.0.1:8765/privacy.html', 'https://policies.example.org/privacy', 'http://localhost:3000/terms', 'http://[::1]/x', 'http://10.1.2.3/p']),
        'config/policywatch.yaml': settings,
      });
      expect(problems(await doctor(config))).toEqual([
        {
          check: 'documents',
          severity: 'error',
          message: 'page-0, page-2, page-3, page-4: their URLs are on this machine or a private network, which every fetch refuses',
          fix: expect.stringContaining('set http.allowPrivateNetwork: true in policywatch.yaml'),
        },
      ]);
      await writeFile(join(config, 'policywatch.yaml'), `${settings}http:\n  allowPrivateNetwork: true\n`);
      expect(problems(await doctor(config))).toEqual([]);
    });
  });

  it('GITHUB_TOKEN without a repository: the error check would stop on', async () => {
    await withTempDir(async (dir) => {
      const config = await tracker(dir);
      expect(problems(await doctor(config, { GITHUB_TOKEN: 'ghs_not_printed' }))).toEqual([
        expect.objectContaining({ check: 'channels', message: expect.stringMatching(/GITHUB_TOKEN is set but no repository is: set GITHUB_REPOSITORY or github\.repository/) }),
      ]);
      expect(problems(await doctor(config, { GITHUB_TOKEN: 'ghs_x', GITHUB_REPOSITORY: 'acme/tracker' }))).toEqual([]);
    });
  });

  it('a document rendered in a browser with no Chromium here: says so and how to get one', async () => {
    await withTempDir(async (dir) => {
      const config = await tracker(dir, { 'config/documents/example.yaml': 'documents:\n  - id: app\n    title: App\n    url: https://app.example.com/privacy\n    render: browser\n' });
      expect(problems(await doctor(config), 'warn')).toEqual([
        expect.objectContaining({ check: 'chromium', message: expect.stringMatching(/app renders in a browser, but no Chromium was found here/), fix: expect.stringMatching(/POLICYWATCH_CHROMIUM|playwright install|apt-get install chromium/) }),
      ]);
      const found = await doctor(config, {}, { browserProbe: { exists: (p) => p === '/opt/chromium', playwrightPath: () => undefined, systemPaths: ['/opt/chromium'] } });
      expect(found).toEqual(expect.arrayContaining([expect.objectContaining({ check: 'chromium', severity: 'ok', message: expect.stringContaining('/opt/chromium') })]));
    });
  });

  it('Node older than the engines range is an error, Node 20 a warning', async () => {
    await withTempDir(async (dir) => {
      const config = await tracker(dir);
      expect(problems(await doctor(config, {}, { nodeVersion: '18.20.0' }))).toEqual([expect.objectContaining({ check: 'node', fix: expect.stringMatching(/Node 22 or 24/) })]);
      expect(problems(await doctor(config, {}, { nodeVersion: '20.19.0' }), 'warn')).toEqual([expect.objectContaining({ check: 'node', message: expect.stringMatching(/end of life/) })]);
    });
  });

  it('reads the workflow: missing permissions, a checkout that cannot push, an unpinned action, no schedule', async () => {
    await withTempDir(async (dir) => {
      const workflow = `on: { workflow_dispatch: {} }\npermissions: { contents: read }\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@${'d'.repeat(40)}\n        with: { persist-credentials: false }\n      - uses: acme/policywatch@v1\n        with: { config: elsewhere }\n`;
      const config = await tracker(dir, { '.github/workflows/policywatch.yml': workflow });
      const findings = (await doctor(config)).filter((f) => f.check === 'workflow');
      expect(findings).toEqual([
        expect.objectContaining({ severity: 'error', message: expect.stringMatching(/lacks contents: write and issues: write: the snapshot commit cannot be pushed, and no issue can be opened/), fix: expect.stringContaining('permissions: { contents: write, issues: write }') }),
        expect.objectContaining({ severity: 'error', message: expect.stringMatching(/persist-credentials: false/) }),
        expect.objectContaining({ severity: 'warn', message: expect.stringMatching(/uses acme\/policywatch@v1, a tag or branch that can be moved/), fix: expect.stringMatching(/git ls-remote https:\/\/github\.com\/acme\/policywatch refs\/tags\/v1/) }),
        expect.objectContaining({ severity: 'warn', message: expect.stringMatching(/no concurrency group/) }),
        expect.objectContaining({ severity: 'warn', message: expect.stringMatching(/reads elsewhere\/, not the config\/ checked here/) }),
        expect.objectContaining({ severity: 'warn', message: expect.stringMatching(/no workflow that runs policywatch has a schedule/) }),
      ]);
    });
  });

  it('an unknown time zone, in TZ or for schedule --timezone, is an error', async () => {
    await withTempDir(async (dir) => {
      const config = await tracker(dir);
      expect(problems(await doctor(config, { TZ: 'Mars/Olympus' }, { timezone: 'Moon/Base' })).map((f) => f.message)).toEqual([
        'TZ is "Mars/Olympus", a time zone Node does not know (it silently uses UTC)',
        '--timezone "Moon/Base" is not a time zone',
      ]);
      expect(problems(await doctor(config, { TZ: 'Europe/Berlin' }, { timezone: 'America/New_York' }))).toEqual([]);
    });
  });

  it('a broken config is an error that lists its problems; outside a git repository, a warning', async () => {
    await withTempDir(async (dir) => {
      const config = await tracker(dir, { 'config/documents/example.yaml': 'documents:\n  - id: x\n    title: X\n    url: nope\n' });
      const findings = await doctor(config);
      expect(problems(findings)).toEqual([expect.objectContaining({ check: 'config', fix: expect.stringMatching(/field "url": give an absolute http\(s\) URL/) })]);
    });
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'config', 'documents'), { recursive: true });
      await writeFile(join(dir, 'config', 'documents', 'a.yaml'), 'documents:\n  - id: a\n    title: A\n    url: https://a.example/p\n');
      expect(problems(await doctor(join(dir, 'config')), 'warn')).toEqual(expect.arrayContaining([expect.objectContaining({ check: 'git' })]));
    });
  });

  it('prints each finding with its fix and exits 2 on an error, 0 otherwise; --json for scripts', async () => {
    await withTempDir(async (dir) => {
      const config = await tracker(dir);
      const fine = await runCli(['doctor', '--config', config], { env: {} });
      expect(fine.code).toBe(0);
      expect(fine.stdout).toMatch(/✓ config +1 document\(s\)/);
      const broken = await runCli(['doctor', '--config', config, '--json'], { env: { GITHUB_TOKEN: 'ghs_secret_value' } });
      expect(broken.code).toBe(2);
      const json = JSON.parse(broken.stdout) as { ok: boolean; findings: Finding[] };
      expect(json.ok).toBe(false);
      expect(broken.stdout).not.toContain('ghs_secret_value');
      const text = await runCli(['doctor', '--config', config], { env: { SMTP_URL: 'smtp://smtp.example.com' } });
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/! subscribers SMTP is configured but there is no subscribers\.json\.enc[^\n]*\n {6}fix: add subscribers/);
    });
  });
});
