import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseDocument, isMap, isSeq } from 'yaml';
import type { LoadedConfig } from '../config/load.ts';
import { DocumentSchema } from '../config/schema.ts';
import type { Fetcher } from '../fetch/types.ts';
import type { SnapshotStore } from '../store/types.ts';
import { PolicywatchError } from '../shared/errors.ts';
import { detectFormat, parseGuide } from './parse.ts';
import type { GuideFormat } from './parse.ts';
import { planImport } from './plan.ts';
import type { ImportPlan } from './plan.ts';
import { applyPlan } from './write.ts';

export { parseGuide, detectFormat, findQuotes } from './parse.ts';
export type { GuideFormat, GuideQuote, ParsedGuide } from './parse.ts';
export { classifyQuotes } from './classify.ts';
export type { Candidate, SetAside } from './classify.ts';
export { planImport, claimId, samePage } from './plan.ts';
export type { ImportPlan, PlannedClaim } from './plan.ts';
export { applyPlan } from './write.ts';
export { renderPlan } from './render.ts';

export class GuideSourceError extends PolicywatchError {}

export interface GuideSource {
  text: string;
  format: GuideFormat;
  /** The URL it came from (links in it are resolved against it). */
  url?: string;
  shownAs: string;
}

/**
 * A file, or a URL fetched through the project's fetcher (same limits, redirect checks and user agent as `check`).
 * The fetcher is asked for only when the source is a URL; its owner closes it.
 */
export async function readGuide(source: string, deps: { cwd: string; fetcher: () => Fetcher }): Promise<GuideSource> {
  if (/^https?:\/\//i.test(source)) {
    const doc = DocumentSchema.parse({ id: 'guide', title: 'The guide', url: source });
    const page = await deps.fetcher().fetch({ doc });
    if (page.kind !== 'fetched') throw new GuideSourceError(`${source}: the server answered 304 to an unconditional request`);
    const format: GuideFormat = page.format === 'html' ? 'html' : detectFormat(page.body, page.contentType);
    return { text: page.body, format, url: page.finalUrl, shownAs: source };
  }
  const path = resolve(deps.cwd, source);
  const text = await readFile(path, 'utf8').catch((cause: NodeJS.ErrnoException) => {
    throw new GuideSourceError(`${source}: cannot read it (${cause.code ?? cause.message}); give a file path or an http(s) URL`, { cause });
  });
  return { text, format: detectFormat(text, path), shownAs: source };
}

/** Which config file (in documents/) holds each document id. */
export async function documentFiles(documentsDir: string): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const name of (await readdir(documentsDir)).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const seq = parseDocument(await readFile(join(documentsDir, name), 'utf8')).get('documents', true);
    if (!isSeq(seq)) continue;
    for (const item of seq.items) if (isMap(item) && typeof item.get('id') === 'string') map.set(item.get('id') as string, name);
  }
  return map;
}

export interface ImportResult {
  plan: ImportPlan;
  written: string[];
}

export async function importGuide(options: {
  source: GuideSource;
  config: LoadedConfig;
  store: SnapshotStore;
  dryRun: boolean;
  prune: boolean;
}): Promise<ImportResult> {
  const { config } = options;
  const guide = parseGuide(options.source.text, options.source.format, options.source.url);
  const documentsDir = join(config.configDir, 'documents');
  const fileOf = await documentFiles(documentsDir);
  const plan = await planImport({
    guide,
    documents: config.documents.map((doc) => ({ doc, file: fileOf.get(doc.id) ?? 'guide.yaml' })),
    snapshot: async (docId) => (await options.store.readSnapshot(docId))?.markdown,
    topics: config.settings.topics,
  });
  const { written } = await applyPlan({ documentsDir, plan, fileOf, prune: options.prune, dryRun: options.dryRun });
  return { plan, written };
}
