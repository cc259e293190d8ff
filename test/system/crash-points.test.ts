import { beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config/index.ts';
import { createApp } from '../../src/app/index.ts';
import { executeCheck } from '../../src/run/index.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { sha256 } from '../../src/shared/hash.ts';
import { createMemoryLogger } from '../../src/shared/logger.ts';
import { createFsStore } from '../../src/store/index.ts';
import { FAST_APP } from '../support/app.ts';
import { articleHtml } from '../run/harness.ts';
import { NINETY, THIRTY, retentionDocumentYaml, useFullStack } from './stack.ts';

const KEY = 'crash-points-subscribers-key-0123456789';
const READERS = ['ada@example.org', 'grace@example.org', 'linus@example.org'];

/**
 * A run killed (SIGKILL, a real child process) at each moment of the crash-ordered sequence of one changed page:
 * while the page is being fetched, then right after each store write (queue, claim statuses, snapshot text, raw page,
 * meta.json, state). The re-run must complete the work: one issue, one mail per reader, a whole snapshot, nothing owed.
 */
describe('a run killed at each point of a change, then re-run', () => {
  const stack = useFullStack({
    readers: READERS,
    key: KEY,
    documentsYaml: retentionDocumentYaml,
  });
  let snapshots: string;
  beforeEach(() => {
    snapshots = join(stack.root, 'snapshots');
  });

  const check = async () => {
    const config = await loadConfig(join(stack.root, 'config'));
    const app = createApp({ ...FAST_APP, config, env: stack.env, clock: systemClock, logger: createMemoryLogger() });
    return executeCheck(app, { documents: config.documents, notify: true }).finally(() => app.close());
  };

  /** Runs `check` in a child; resolves once `barrier` says the moment has come, then kills it with SIGKILL. */
  async function killedCheck(pauseAfter: string | undefined, barrier?: Promise<void>): Promise<void> {
    const child = spawn(process.execPath, [resolve('bin/run-ts.mjs'), resolve('test/system/fixtures/cli-paused.ts'), 'check', '--config', join(stack.root, 'config')], {
      env: { ...process.env, ...stack.env, POLICYWATCH_TEST_STORE: snapshots, POLICYWATCH_TEST_PAUSE_AFTER: pauseAfter ?? '' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    const paused = new Promise<void>((done) => child.on('message', () => done()));
    await Promise.race([barrier ?? paused, exited.then(() => Promise.reject(new Error(`the run ended before the kill: ${stderr}`)))]);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
  }

  const points: { name: string; kill: () => Promise<void> }[] = [
    { name: 'while the page is being fetched', kill: () => killedCheck(undefined, stack.site.holdNext('/retention')) },
    { name: 'after the notification queue was written', kill: () => killedCheck('^_records/notifications\\.json$') },
    { name: 'after the claim statuses were written', kill: () => killedCheck('^_records/claims\\.retention\\.json$') },
    { name: 'after the snapshot text was written', kill: () => killedCheck('^retention/text\\.md$') },
    { name: 'after the raw page was written', kill: () => killedCheck('^retention/raw\\.html\\.gz$') },
    { name: 'after meta.json was written', kill: () => killedCheck('^retention/meta\\.json$') },
    { name: 'after state.json was written', kill: () => killedCheck('^retention/state\\.json$') },
  ];

  for (const point of points) {
    it(`${point.name}: one issue, one mail per reader, a whole snapshot, nothing left owed`, async () => {
      const { site, github, smtp } = stack;
      // The page carries an ETag, as most do: its new one is what state.json records for the change (a state that did
      // not change is not rewritten, so without validators there would be no state.json write to kill after).
      site.set('/retention', articleHtml(THIRTY), 200, '"v1"');
      expect((await check()).documents[0]?.outcome).toBe('first');
      site.set('/retention', articleHtml(NINETY, 'b'), 200, '"v2"');

      await point.kill();
      expect(github.issues).toHaveLength(0);
      expect(smtp.received).toHaveLength(0);

      const rerun = await check();
      expect(rerun.documents[0]?.failure).toBeUndefined();
      expect(rerun.notifications.pending).toBe(0);
      expect(github.issues).toHaveLength(1);
      expect(github.issues[0]!.title).toMatch(/30 days → 90 days/);
      expect(github.issues[0]!.labels).toContain('claim-changed');
      expect(READERS.map((r) => smtp.countTo(r))).toEqual([1, 1, 1]);

      // The snapshot is whole: its text, its meta.json and its raw page tell the same version.
      const store = createFsStore(snapshots);
      const snapshot = (await store.readSnapshot('retention'))!;
      expect(snapshot.markdown).toContain('within 90 days');
      expect(snapshot.meta.contentHash).toBe(sha256(snapshot.markdown));
      expect(await store.readRaw('retention')).toContain('within 90 days');
      expect((await store.readClaimStatuses('retention'))[0]?.status).toBe('reworded');
      expect(JSON.parse(await readFile(join(stack.root, 'claims.json'), 'utf8')).claims[0].status).toBe('reworded');

      // And a later run finds nothing more to say.
      expect((await check()).notifications.queued).toBe(0);
      expect(github.issues).toHaveLength(1);
      expect(smtp.received).toHaveLength(READERS.length);
    });
  }
});
