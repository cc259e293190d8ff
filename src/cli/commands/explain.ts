import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Command } from 'commander';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { cliLogger, DEFAULT_CONFIG_DIR, loadConfigFrom } from '../options.ts';
import { openApp } from '../app.ts';
import { renderExplanation, type ExplainSource } from '../explain-text.ts';
import type { LoadedConfig } from '../../config/load.ts';
import type { DocumentConfig } from '../../config/schema.ts';
import { explain, type ExtractDoc } from '../../normalize/index.ts';
import { readCorpus } from '../../fetch/index.ts';
import { judgeContent } from '../../gate/index.ts';
import { redactorFor, safeJson } from '../../untrusted/index.ts';
import { ConfigError } from '../../shared/errors.ts';

interface ExplainFlags {
  url?: string;
  config?: string;
  json?: boolean;
  all?: boolean;
}

/**
 * `policywatch explain <doc-id | file.html>`: the extracted Markdown and why it came out so: what each rule removed
 * or rewrote, how the content root was chosen, the effective date, and whether the page is the document at all.
 */
export const registerExplain: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('explain')
    .description('show the extracted Markdown of a stored snapshot or an HTML file, what each rule removed and why, and how the content root was chosen')
    .argument('<target>', 'a configured document id (its stored raw page), or an HTML file (.html, .html.gz, a corpus snapshot)')
    .option('--url <url>', 'the page address (base for links); for a file, defaults to the configured document or the corpus documents.tsv')
    .option('-c, --config <dir>', 'config folder', DEFAULT_CONFIG_DIR)
    .option('--all', 'list every removal (the text output shows the largest few per rule)')
    .option('--json', 'print everything as JSON')
    .action(async (target: string, flags: ExplainFlags) => {
      const page = (await isFile(resolve(ctx.cwd, target))) ? await fromFile(ctx, target, flags) : await fromStore(ctx, target, flags);
      const explanation = explain({ body: page.body, format: 'html', url: page.source.url, doc: page.doc });
      // Whether this is the document at all is the gate's call, on what extraction saw.
      const verdict = judgeContent({ ...explanation.extraction.signals, markdown: explanation.extraction.markdown });
      // Page text goes to the terminal: controls and escape sequences gone, secrets of this environment redacted.
      const redact = redactorFor(ctx.env);
      ctx.stdout(
        flags.json
          ? safeJson({ source: page.source, verdict, ...explanation }, redact) + '\n'
          : renderExplanation(page.source, explanation, verdict, { all: flags.all ?? false, redact }),
      );
      ctx.setExitCode(EXIT.ok);
    });
};

interface Page {
  body: string;
  doc: ExtractDoc;
  source: ExplainSource;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

function checkedUrl(url: string, from: string): string {
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new ConfigError(`${from}: "${url}" is not an absolute http(s) URL`, ['give the page address, e.g. --url https://example.com/privacy']);
  }
  return url;
}

/** A configured document's stored raw page, with its config and the URL it was fetched from. */
async function fromStore(ctx: CliContext, id: string, flags: ExplainFlags): Promise<Page> {
  const config = await loadConfigFrom(ctx, flags.config);
  const doc = config.documents.find((d) => d.id === id);
  if (!doc) {
    const looksLikePath = /[/\\]|\.html?(?:\.gz)?$/i.test(id);
    throw new ConfigError(looksLikePath ? `no such file: ${id}` : `"${id}" is neither a file nor a configured document id`, [
      looksLikePath ? 'check the path (it is read relative to the current folder)' : `known ids: ${config.documents.map((d) => d.id).join(', ')}`,
    ]);
  }
  const app = openApp(ctx, config, cliLogger(ctx));
  const [raw, record] = await Promise.all([app.store.readRaw(id), app.store.readSnapshot(id)]).finally(() => app.close());
  if (raw === undefined) {
    throw new ConfigError(`no stored raw page for "${id}"`, [
      `run \`policywatch check --only ${id}\` first (raw pages are kept for HTML documents; a PDF has none), or pass a saved HTML file`,
    ]);
  }
  const url = flags.url ? checkedUrl(flags.url, '--url') : (record?.meta.finalUrl ?? doc.url);
  return {
    body: raw,
    doc,
    source: { kind: 'stored', docId: id, configured: true, url, urlFrom: flags.url ? '--url' : record ? 'the stored snapshot' : 'the config', ...(record ? { fetchedAt: record.meta.fetchedAt } : {}) },
  };
}

/** An HTML file: the URL from --url, the configured document it belongs to, or the corpus documents.tsv beside it. */
async function fromFile(ctx: CliContext, target: string, flags: ExplainFlags): Promise<Page> {
  const path = resolve(ctx.cwd, target);
  const bytes = await readFile(path);
  const body = path.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  const folder = basename(dirname(path));
  const config = await optionalConfig(ctx, flags.config);
  const documents = config?.documents ?? [];

  // snapshots/<id>/raw.html.gz, or any file in a folder named like a configured document.
  let doc: DocumentConfig | undefined = documents.find((d) => d.id === folder);
  let url: string | undefined;
  let urlFrom: ExplainSource['urlFrom'] = 'the config';
  if (doc) {
    const stored = await storedFinalUrl(join(dirname(path), 'meta.json'));
    url = stored ?? doc.url;
    if (stored) urlFrom = 'the stored snapshot';
  }
  // A corpus snapshot: <corpus>/<doc>/<time>.html with <corpus>/documents.tsv.
  const corpusRow = await corpusUrl(dirname(dirname(path)), folder);
  if (!url && corpusRow) {
    url = corpusRow;
    urlFrom = 'documents.tsv';
    doc = documents.find((d) => d.url === corpusRow);
  }
  if (flags.url) {
    url = checkedUrl(flags.url, '--url');
    urlFrom = '--url';
    doc ??= documents.find((d) => d.url === url);
  }
  if (!url) {
    throw new ConfigError(`${target}: cannot tell which page this is`, [
      'give its address with --url https://… (the base for its links), or keep it in a corpus folder beside documents.tsv',
    ]);
  }
  return {
    body,
    doc: doc ?? { id: folder.toLowerCase(), remove: [] },
    source: { kind: 'file', path: target, url, urlFrom, configured: doc !== undefined, ...(doc ? { docId: doc.id } : {}) },
  };
}

/** A file can be explained anywhere: the config is read when there is one. */
async function optionalConfig(ctx: CliContext, dir: string | undefined): Promise<LoadedConfig | undefined> {
  const exists = await stat(join(resolve(ctx.cwd, dir ?? DEFAULT_CONFIG_DIR), 'documents')).then(
    () => true,
    () => false,
  );
  return exists || dir !== DEFAULT_CONFIG_DIR ? loadConfigFrom(ctx, dir) : undefined;
}

async function storedFinalUrl(metaPath: string): Promise<string | undefined> {
  try {
    const meta = JSON.parse(await readFile(metaPath, 'utf8')) as { finalUrl?: unknown };
    return typeof meta.finalUrl === 'string' && URL.canParse(meta.finalUrl) ? meta.finalUrl : undefined;
  } catch {
    return undefined;
  }
}

async function corpusUrl(corpusDir: string, folder: string): Promise<string | undefined> {
  if (!(await isFile(join(corpusDir, 'documents.tsv')))) return undefined;
  const documents = await readCorpus(corpusDir);
  return documents.find((d) => d.folder === folder)?.url;
}
