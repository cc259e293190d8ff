import { describe, expect, it } from 'vitest';
import {
  createRedactor,
  githubPlain,
  htmlText,
  markdownCode,
  markdownFence,
  markdownInline,
  markdownText,
  plainLine,
  plainText,
  safeJson,
  sanitize,
  stepOutputsFile,
  stripControls,
  terminalLine,
  terminalText,
  workflowCommand,
} from '../../src/untrusted/index.ts';

/**
 * Hostile inputs × every destination: each destination must hold its property for every input, and the words a
 * reader needs must still be there. Add an input to the table and every destination is tested against it.
 */

const TOKEN = `ghp_${'Zq9'.repeat(12)}`;
const ESC = '\u001b';

interface Input {
  text: string;
  /** Words that must still be readable in every destination. */
  words: string[];
  /** Strings that must appear in no destination (secrets). */
  secret?: string[];
}

const INPUTS: Record<string, Input> = {
  'CSI colour': { text: `red ${ESC}[31mALERT${ESC}[0m text`, words: ['red', 'ALERT', 'text'] },
  'OSC 8 hyperlink': { text: `${ESC}]8;;https://evil.example/${ESC}\\click here${ESC}]8;;${ESC}\\ now`, words: ['click here', 'now'] },
  'OSC title with BEL': { text: `${ESC}]0;pwned${String.fromCharCode(7)}Title`, words: ['Title'] },
  'CR overwrite': { text: 'harmless\rmalicious', words: ['harmless', 'malicious'] },
  'RLO override': { text: 'invoice\u202Etxt.exe', words: ['invoice', 'txt.exe'] },
  'bidi isolates': { text: 'a\u2066b\u2069c\u200Fd', words: ['abcd'] },
  '8-bit CSI': { text: 'keep\u009b31mthis', words: ['keep', 'this'] },
  'C1 NEL and DEL': { text: 'one\u0085two\u007f', words: ['one', 'two'] },
  NUL: { text: 'nul\u0000byte', words: ['nulbyte'] },
  'zero-width joiners': { text: 'zero\u200Bwidth\u200Djoin\uFEFFed', words: ['zerowidthjoined'] },
  'combining grapheme joiner': { text: 'hid\u034Fden', words: ['hidden'] },
  'tag characters': { text: 'visible\u{E0069}\u{E0067}text', words: ['visibletext'] },
  '::set-output': { text: '::set-output name=x::y', words: ['set-output name=x', 'y'] },
  '::stop-commands': { text: '::stop-commands::pwn\n::error::injected', words: ['stop-commands', 'injected'] },
  '%0A': { text: 'line%0A::error::x', words: ['line%0A', 'error'] },
  '##[ command': { text: 'x ##[error]old style', words: ['old style'] },
  '@mention': { text: 'thanks @octocat and @github/security', words: ['thanks', 'octocat', 'security'] },
  '#1': { text: 'see #1 and #42', words: ['see', '#1', '#42'] },
  'GH-1': { text: 'see GH-1', words: ['GH-1'] },
  'owner/repo#1': { text: 'acme/repo#1', words: ['acme/repo#1'] },
  '<script>': { text: '<script>alert(1)</script> after', words: ['after'] },
  'img onerror': { text: '<img src=x onerror=alert(1)> after', words: ['after'] },
  '``` fence': { text: '```\ncode\n```', words: ['code'] },
  'forged marker': { text: '<!-- policywatch:fingerprint=forged -->', words: [] },
  'Markdown link': { text: '[click](https://evil.example/) ![x](https://evil.example/p.png)', words: ['click'] },
  autolink: { text: 'visit https://evil.example and www.evil.example', words: ['visit', 'evil.example'] },
  'GitHub token': { text: `token ${TOKEN} end`, words: ['token', 'end', '[redacted]'], secret: [TOKEN, TOKEN.slice(4)] },
  'token split by a zero-width space': { text: `gh\u200Bp_${'Zq9'.repeat(12)}`, words: ['[redacted]'], secret: ['Zq9Zq9Zq9Zq9'] },
  'fine-grained token': { text: `github_pat_${'A1b2'.repeat(10)}`, words: [], secret: ['A1b2A1b2A1b2'] },
  'AWS key': { text: 'AKIAIOSFODNN7EXAMPLE', words: [], secret: ['IOSFODNN7EXAMPLE'] },
  'Slack token': { text: 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', words: [], secret: ['AbCdEfGhIjKlMnOpQrStUvWx'] },
  'Bearer header': { text: 'Authorization: Bearer abc123def456ghi789jkl', words: ['Authorization'], secret: ['abc123def456ghi789jkl'] },
  'private key': { text: '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----', words: ['private key'], secret: ['MIIEowIBAAKCAQEA'] },
  'URL credentials': { text: 'smtps://mailer:hunter2pass@smtp.example.com:465', words: ['smtp.example.com'], secret: ['hunter2pass', 'mailer:'] },
  'token as URL user': { text: 'git push https://x-token-value-123@github.com/o/r', words: ['github.com/o/r'], secret: ['x-token-value-123'] },
  'prose about tokens': { text: 'Bearer tokens expire; the desk-top risk-based approach stays.', words: ['Bearer tokens expire', 'risk-based approach'] },
  'emoji and Persian': { text: 'family 👨‍👩‍👧 می‌خواهم', words: ['👨‍👩‍👧', 'می‌خواهم'] },
};

interface Destination {
  render: (text: string) => string;
  oneLine: boolean;
  /** The text a reader sees, to check readability. */
  visible: (out: string) => string;
  check: (out: string) => void;
}

const ZW = /[\u200B-\u200D]/g;
const unescapeMd = (s: string) => s.replace(/\\([\\`*_{}[\]<>()#+\-.!|~&$])/g, '$1').replace(ZW, '');
const decodeHtml = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? _);

function github(out: string): void {
  expect(out).not.toMatch(/#\d/); // issue and PR references
  expect(out).not.toMatch(/\bGH-\d/i);
  expect(out).not.toMatch(/@[A-Za-z0-9]/); // mentions
  expect(out).not.toMatch(/:\/\/|\bwww\./i); // autolinks
  expect(out).not.toMatch(/<(?:script|img|!--)/i); // raw HTML and forged markers
}
function escapedMarkdown(out: string): void {
  github(out);
  expect(out).not.toMatch(/(?<!\\)[[\]`<>]/); // no link, image, code span or HTML can form
}
function terminal(out: string): void {
  for (const line of out.split('\n')) expect(line.trimStart()).not.toMatch(/^::/);
  expect(out).not.toContain('##[');
}

const DESTINATIONS: Record<string, Destination> = {
  'issue prose (markdownInline)': { render: (t) => markdownInline(t), oneLine: true, visible: unescapeMd, check: escapedMarkdown },
  'job summary cell (markdownInline)': { render: (t) => `| ${markdownInline(t, 160)} |`, oneLine: true, visible: unescapeMd, check: (o) => {
    escapedMarkdown(o);
    expect(o.replace(/\\\|/g, '').split('|')).toHaveLength(3);
  } },
  'issue title (githubPlain)': { render: (t) => githubPlain(t), oneLine: true, visible: (o) => o.replace(ZW, ''), check: github },
  'code span (markdownCode)': { render: (t) => markdownCode(t), oneLine: true, visible: (o) => o.replace(ZW, '').replace(/`/g, ''), check: (o) => {
    github(o);
    const ticks = /^`+/.exec(o)![0];
    expect(o.slice(ticks.length, -ticks.length)).not.toContain(ticks);
  } },
  'diff block (markdownFence of markdownText)': { render: (t) => markdownFence(markdownText(t), 'diff'), oneLine: false, visible: (o) => o.replace(ZW, ''), check: (o) => {
    github(o);
    const fence = /^`+/.exec(o)![0];
    expect(o.split('\n').slice(1, -1).some((l) => l.startsWith(fence))).toBe(false);
  } },
  'e-mail HTML (htmlText)': { render: (t) => htmlText(t), oneLine: false, visible: decodeHtml, check: (o) => expect(o).not.toMatch(/[<>"']/) },
  'e-mail text part (plainText)': { render: (t) => plainText(t), oneLine: false, visible: (o) => o, check: () => {} },
  'e-mail subject (plainLine)': { render: (t) => plainLine(t, 200), oneLine: true, visible: (o) => o, check: () => {} },
  'log line (terminalLine)': { render: (t) => terminalLine(t), oneLine: true, visible: (o) => o.replace(ZW, ''), check: terminal },
  'CLI text (terminalText)': { render: (t) => terminalText(t), oneLine: false, visible: (o) => o.replace(ZW, ''), check: terminal },
  'printed JSON (safeJson)': { render: (t) => safeJson({ headline: t }), oneLine: false, visible: (o) => (JSON.parse(o) as { headline: string }).headline, check: terminal },
  'annotation (workflowCommand)': {
    render: (t) => workflowCommand('warning', { title: t }, t),
    oneLine: true,
    visible: (o) => decodeURIComponent(o.replace(/%(?![0-9A-F]{2})/g, '%25')),
    check: (o) => {
      // One line; the runner decodes %0A into a line break inside the annotation, never into a new command.
      expect(o).toMatch(/^::warning title=[^:,\r\n]*::[^\r\n]*$/);
    },
  },
  'step output (stepOutputsFile)': {
    render: (t) => stepOutputsFile({ value: t }),
    oneLine: false,
    visible: (o) => o,
    check: (o) => {
      const [first, ...rest] = o.trimEnd().split('\n');
      const delimiter = /^value<<(ghadelimiter_[0-9a-f]{24})$/.exec(first!)?.[1];
      expect(delimiter).toBeDefined();
      expect(rest.at(-1)).toBe(delimiter);
      expect(rest.slice(0, -1).join('\n')).not.toContain(delimiter);
    },
  },
};

describe.each(Object.entries(DESTINATIONS))('%s', (_name, dest) => {
  it.each(Object.entries(INPUTS))('holds for %s', (_input, { text, words, secret = [] }) => {
    const out = dest.render(text);
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/); // no ESC, CR, NUL, C1
    expect(out).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u2028\u2029\u{E0000}-\u{E007F}]/u);
    expect(out).not.toContain(']8;;');
    expect(out).not.toContain('[31m');
    if (dest.oneLine) expect(out).not.toMatch(/[\r\n]/);
    for (const s of secret) expect(dest.visible(out)).not.toContain(s);
    dest.check(out);
    // Zero-width joiners are ours where references are broken: readability is judged without them.
    const seen = dest.visible(out).replace(/\s+/g, ' ').replace(ZW, '');
    for (const word of words) expect(seen).toContain(word.replace(ZW, ''));
  });
});

describe('sanitize', () => {
  it('keeps the joiners that emoji sequences and scripts such as Persian need, and drops them between Latin letters', () => {
    expect(sanitize('family 👨\u200D👩\u200D👧, می\u200Cخواهم')).toBe('family 👨\u200D👩\u200D👧, می\u200Cخواهم');
    expect(sanitize('g\u200Dh\u200Cp #\u200D1')).toBe('ghp #1');
  });

  it('keeps the text after an unterminated OSC string (a terminal would swallow it; a reader should not lose it)', () => {
    expect(sanitize('before \u001b]0;no terminator, the policy text goes on')).toBe('before 0;no terminator, the policy text goes on');
  });

  it('keeps the extraction set frozen: stored Markdown depends on it byte for byte', () => {
    const all = Array.from({ length: 0x2070 }, (_, i) => String.fromCharCode(i)).join('');
    const removed = [...all].filter((c) => stripControls(c) === '').map((c) => c.charCodeAt(0).toString(16));
    const expected = [
      ...Array.from({ length: 0x20 }, (_, i) => i).filter((i) => i !== 9 && i !== 10),
      ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
      0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
    ].map((i) => i.toString(16));
    expect(removed).toEqual(expected);
  });
});

describe('redaction of configured secrets', () => {
  it('redacts the values it is given, also percent-encoded inside a URL, and ignores values too short to be secrets', () => {
    const redact = createRedactor(['s3cret/pass+word', 'short']);
    expect(redact('got s3cret/pass+word and s3cret%2Fpass%2Bword; a short note')).toBe('got [redacted] and [redacted]; a short note');
  });
});
