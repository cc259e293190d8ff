import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../../src/config/schema.ts';
import { renderIssue, resolveGithubTarget } from '../../../src/notify/github/index.ts';
import { maintainersTake } from '../../../src/notify/routing.ts';
import { ConfigError } from '../../../src/shared/errors.ts';
import { githubNotifier, useFakeGithub } from './harness.ts';
import { makeChange, makeClaimChange, makeDiff, makeDoc, makeFailing, makeHunk } from './factories.ts';

const GITHUB_BODY_LIMIT = 65_536;

/** Everything outside fenced code blocks and code spans: what GitHub renders as Markdown/HTML. */
function prose(markdown: string): string {
  return markdown
    .replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '')
    .replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
}

const hostile = [
  'Thanks @octocat and @github/security-team for the review, see #123 and GH-45 and acme/other#7.',
  '<script>alert("x")</script><img src=x onerror="alert(1)"> <b>bold</b>',
  '<!-- policywatch:fingerprint=forged -->',
  '``` ',
  'inside a fake fence',
  '````',
  '[click me](https://evil.example/steal) ![img](https://evil.example/p.png) **fake** | table |',
  'a token ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked',
].join('\n');

describe('renderIssue', () => {
  it('neutralizes mentions, references, HTML, fences, links and forged markers from page text', () => {
    const event = makeChange({
      headline: 'Retention changed @octocat #99 <img src=x onerror=alert(1)>',
      keyChanges: [{ kind: 'changed', text: hostile }],
      claimChanges: [makeClaimChange({ after: { ...makeClaimChange().after, currentWording: hostile } })],
      effectiveDate: { before: '@octocat', after: '#5' },
      diff: makeDiff([makeHunk(hostile, `${hostile}\nmore`, '@admins #1 <script>x</script>')]),
    });
    const { title, body } = renderIssue(event);

    for (const text of [title, body]) {
      expect(text).not.toMatch(/@[A-Za-z0-9]/); // no mention can ping
      expect(text).not.toMatch(/#\d/); // no issue reference
      expect(text).not.toMatch(/GH-\d/i);
      expect(text).not.toMatch(/<script|<img|onerror=|<b>/i); // HTML stripped everywhere, even in code blocks
      expect(text).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
    }
    // Exactly one fingerprint marker: ours. The page's forged one is broken.
    expect(body.match(/<!-- policywatch:fingerprint=/g)).toHaveLength(1);
    expect(body).not.toContain('fingerprint=forged -->');
    // No live links or images made from page text, and no emphasis injected.
    const rendered = prose(body);
    expect(rendered).not.toMatch(/(?<!\\)\[click me(?<!\\)\]\(/);
    expect(rendered).not.toMatch(/!\[img\]\(/);
    expect(rendered).not.toMatch(/:\/\/evil/);
    expect(rendered).toContain('\\*\\*fake\\*\\*');
    // The page's ``` and ```` cannot close the diff's fence: it is longer than any run inside.
    const fence = /^(`{5,})diff$/m.exec(body);
    expect(fence).not.toBeNull();
    const block = body.slice(fence!.index);
    expect(block).toContain('+ inside a fake fence');
  });

  it('caps a 200 KB diff below GitHub\'s limit, with a note pointing at the snapshot commit', () => {
    const paragraph = (i: number, word: string) => `Paragraph ${i}: ${word} `.repeat(40);
    const hunks = Array.from({ length: 250 }, (_, i) => makeHunk(paragraph(i, 'before'), paragraph(i, 'after'), `Section ${i}`));
    const event = makeChange({ diff: makeDiff(hunks) });
    const sizeOfDiff = hunks.reduce((n, h) => n + h.before.length + h.after.length, 0);
    expect(sizeOfDiff).toBeGreaterThan(200_000);
    const { body } = renderIssue(event);
    expect(body.length).toBeLessThan(GITHUB_BODY_LIMIT);
    expect(body.length).toBeGreaterThan(40_000);
    expect(body).toContain('The full diff is in the snapshot commit: https://github.example.test/acme/guide/commit/abc123');
    expect(body).toMatch(/\d+ more changes not shown/);
    expect(body).toContain('<details><summary>');
    expect(body.match(/<details>/g)?.length).toBe(body.match(/<\/details>/g)?.length);
  });

  it('caps a single huge paragraph too', () => {
    const huge = 'word '.repeat(50_000);
    const { body } = renderIssue(makeChange({ diff: makeDiff([makeHunk(huge, `${huge} more`)]) }));
    expect(body.length).toBeLessThan(GITHUB_BODY_LIMIT);
    expect(body).toContain('The full diff is in the snapshot commit');
  });

  it('renders tracking failures with the reason and a hint; formatting-only changes are routed to maintainers only on request', () => {
    const { title, body, labels } = renderIssue(makeFailing('selector-missing'));
    expect(title).toBe('Tracking failing: Consumer retention article');
    expect(body).toContain('`selector-missing`');
    expect(body).toContain('update `select`');
    expect(labels).toEqual(['tracking-failing', 'doc:consumer-retention']);
    const settings = SettingsSchema.parse({});
    expect(maintainersTake(makeChange({ kind: 'formatting', claimChanges: [] }), settings)).toBe(false);
    expect(maintainersTake(makeChange({ kind: 'formatting', claimChanges: [] }), SettingsSchema.parse({ github: { notifyFormatting: true } }))).toBe(true);
    expect(maintainersTake(makeChange(), settings)).toBe(true);
    expect(renderIssue(makeChange()).title).toContain('90 days');
  });
});

describe('resolveGithubTarget', () => {
  const settings = SettingsSchema.parse({ github: { repository: 'conf/repo', apiUrl: 'https://ghe.example.test/api/v3' } });

  it('is undefined without a token, so the caller uses the outbox', () => {
    expect(resolveGithubTarget({}, settings)).toBeUndefined();
    expect(resolveGithubTarget({ GITHUB_TOKEN: ' ' }, settings)).toBeUndefined();
  });

  it('takes the repository and API URL from the environment first, then the config', () => {
    expect(resolveGithubTarget({ GITHUB_TOKEN: 't' }, settings)).toEqual({ owner: 'conf', repo: 'repo', token: 't', baseUrl: 'https://ghe.example.test/api/v3' });
    const env = { GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'env/repo', GITHUB_API_URL: 'https://api.example.test' };
    expect(resolveGithubTarget(env, settings)).toEqual({ owner: 'env', repo: 'repo', token: 't', baseUrl: 'https://api.example.test' });
    expect(resolveGithubTarget({ GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'a/b' }, SettingsSchema.parse({}))).toEqual({ owner: 'a', repo: 'b', token: 't' });
  });

  it('refuses a token without a repository', () => {
    expect(() => resolveGithubTarget({ GITHUB_TOKEN: 't' }, SettingsSchema.parse({}))).toThrow(ConfigError);
  });
});

describe('hostile page text over real HTTP', () => {
  const fake = useFakeGithub();

  it('posts the neutralized body, and a forged marker in page text does not fake a delivery', async () => {
    const server = fake();
    const victim = makeChange({ oldHash: 'x1', newHash: 'x2' });
    const forger = makeChange({
      doc: makeDoc(),
      keyChanges: [{ kind: 'changed', text: `<!-- policywatch:fingerprint=${encodeURIComponent(victim.id)} -->` }],
      diff: makeDiff([makeHunk('a', `\n<!-- policywatch:fingerprint=${encodeURIComponent(victim.id)} -->\n`)]),
    });
    const notifier = githubNotifier(server);
    await notifier.deliver([forger]);
    await notifier.deliver([victim]);
    // The victim's change is really posted (as a comment on the open issue), not skipped as "already delivered".
    expect(server.issues).toHaveLength(1);
    expect(server.issues[0]?.comments).toHaveLength(1);
    expect(server.issues[0]?.comments[0]?.body).toContain(`fingerprint=${encodeURIComponent(victim.id)} -->`);
  });
});
