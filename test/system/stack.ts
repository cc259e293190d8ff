import { afterEach, beforeEach, expect } from 'vitest';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileSubscriberRepository, followOf, upsertSubscriber } from '../../src/notify/email/index.ts';
import { startFakeGithub, type FakeGithub } from '../support/github-server.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { TestSite } from '../run/harness.ts';

/** The retention article the system tests watch, with the guide's claim on it, before and after its real change. */
export const THIRTY = '<p>Deleted conversations are removed from our back-end storage systems within 30 days.</p>';
export const NINETY = '<p>Deleted conversations are removed from our back-end storage systems within 90 days.</p>';
export const retentionDocumentYaml = (origin: string) =>
  `documents:\n  - id: retention\n    title: Consumer retention article\n    url: ${origin}/retention\n    topics: [retention]\n` +
  `    claims:\n      - id: deleted-30-days\n        quote: "removed from our back-end storage systems within 30 days"\n        topic: retention\n`;

export interface Stack {
  site: TestSite;
  github: FakeGithub;
  smtp: TestSmtpServer;
  root: string;
  /** The environment a run gets: GitHub and SMTP credentials and the subscribers key. */
  env: NodeJS.ProcessEnv;
}

/**
 * The whole product's outside world, fresh for each test: pages over local HTTP, a GitHub API that checks every call
 * against GitHub's OpenAPI description, a real SMTP server, a config folder and an encrypted subscribers file whose
 * readers follow the topic "retention". The fields are filled in before each test.
 */
export function useFullStack(options: { documentsYaml: (origin: string) => string; readers: string[]; key: string }): Stack {
  const stack = {} as Stack;
  beforeEach(async () => {
    stack.site = await new TestSite().start();
    stack.github = await startFakeGithub();
    stack.smtp = await startSmtpServer();
    stack.root = await makeTempDir();
    const { root, github, smtp } = stack;
    await mkdir(join(root, 'config', 'documents'), { recursive: true });
    await writeFile(join(root, 'config', 'policywatch.yaml'), 'http:\n  allowPrivateNetwork: true\n  hostDelayMs: 0\n  retries: 0\nconfirm:\n  refetchDelayMs: 0\nemail:\n  from: policywatch <bot@example.net>\n  ratePerSecond: 100\n');
    await writeFile(join(root, 'config', 'documents', 'docs.yaml'), options.documentsYaml(stack.site.origin));
    const repository = createFileSubscriberRepository(join(root, 'subscribers.json.enc'), options.key);
    await repository.update((book) => {
      for (const address of options.readers) {
        upsertSubscriber(book, { address, follow: followOf([], ['retention']), consent: { kind: 'attested', by: 'test' }, source: 'cli' }, new Date());
      }
    });
    stack.env = {
      GITHUB_TOKEN: github.token,
      GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
      GITHUB_API_URL: github.url,
      SMTP_URL: smtp.url,
      POLICYWATCH_SUBSCRIBERS_KEY: options.key,
    };
  });
  afterEach(async () => {
    expect(stack.github.violations).toEqual([]);
    await Promise.all([stack.site.stop(), stack.github.close(), stack.smtp.close()]);
    await rm(stack.root, { recursive: true, force: true });
  });
  return stack;
}
