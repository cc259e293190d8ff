import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, dirname } from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../shared/errors.ts';
import { EFFECTIVE_DATE_CLAIM_ID } from '../claims/effective-date.ts';
import { DocumentsFileSchema, SettingsSchema, type DocumentConfig, type Settings } from './schema.ts';
import { RULE_IDS } from '../normalize/version.ts';

export interface LoadedConfig {
  /** The folder holding policywatch.yaml and documents/. */
  configDir: string;
  /** The repository root: paths in settings are relative to it. */
  rootDir: string;
  settings: Settings;
  documents: DocumentConfig[];
}

interface ParsedFile {
  file: string;
  value: unknown;
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

async function parseYamlFile(path: string, shownAs: string, problems: string[]): Promise<ParsedFile | undefined> {
  const text = await readFile(path, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = lineCounter.linePos(error.pos[0]).line;
      problems.push(`${shownAs}:${line}: YAML syntax error (${error.code}): ${error.message.split('\n')[0]}; fix the indentation or quoting there`);
    }
    return undefined;
  }
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    // Walk as deep as the path goes; an issue about a missing key points at its parent.
    let node: unknown = doc.contents;
    let offset = (doc.contents as YamlNode | null)?.range?.[0];
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
        if (!pair) break;
        offset = (pair.key as YamlNode).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key] as YamlNode | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  return { file: shownAs, value: doc.toJS() ?? {}, lineOf };
}

/** The value the YAML file gave at a path (zod does not keep it in its issues). */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function describeIssue(parsed: ParsedFile, issue: z.core.$ZodIssue, documents: unknown): string {
  const line = parsed.lineOf(issue.path);
  const where = `${parsed.file}${line ? `:${line}` : ''}`;
  let docLabel = '';
  if (issue.path[0] === 'documents' && typeof issue.path[1] === 'number') {
    const entry = Array.isArray(documents) ? (documents[issue.path[1]] as { id?: unknown } | undefined) : undefined;
    docLabel = typeof entry?.id === 'string' ? ` document "${entry.id}"` : ` document #${issue.path[1] + 1}`;
  }
  const fieldPath = issue.path.slice(issue.path[0] === 'documents' ? 2 : 0).join('.');
  const field = fieldPath ? ` field "${fieldPath}"` : '';
  return `${where}:${docLabel}${field}: ${fixFor(issue, valueAt(parsed.value, issue.path))}`;
}

/** Keys earlier versions accepted: what became of them. */
const RETIRED_KEYS: Record<string, string> = {
  family: 'is no longer a setting (extraction never read it: the same rules serve every kind of page); delete the line',
};

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/** Turns a zod issue into a sentence that says what to do. */
function fixFor(issue: z.core.$ZodIssue, given: unknown): string {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const unknown = issue.keys.filter((k) => !(k in RETIRED_KEYS));
      return [
        ...issue.keys.filter((k) => k in RETIRED_KEYS).map((k) => `"${k}" ${RETIRED_KEYS[k]}`),
        ...(unknown.length ? [`unknown key(s) ${unknown.map((k) => `"${k}"`).join(', ')}; remove or correct the spelling`] : []),
      ].join('; ');
    }
    case 'invalid_type':
      return given === undefined
        ? `is required; add it (${issue.expected})`
        : `must be ${article(issue.expected)}, not ${JSON.stringify(given)}${typeof given === 'string' && issue.expected === 'number' ? '; remove the quotes' : ''}`;
    // Numbers get a generic sentence; strings and lists carry their own, written with the schema.
    case 'too_small':
      if (issue.origin !== 'number') return issue.message;
      return `is too small (${JSON.stringify(given)}); use ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin !== 'number') return issue.message;
      return `is too big (${JSON.stringify(given)}); use ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}`;
    case 'invalid_value':
      if (issue.path.at(-2) === 'disable') return unknownRuleFix(given);
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

/** An unknown rule id in `disable:`: the nearest known id, and where to see them all. */
function unknownRuleFix(given: unknown): string {
  const name = typeof given === 'string' ? given : JSON.stringify(given);
  const near = typeof given === 'string' ? nearest(given, RULE_IDS) : undefined;
  return `${JSON.stringify(name)} is not an extraction rule; ${near ? `did you mean "${near}"? ` : ''}known rules: ${RULE_IDS.join(', ')} (\`policywatch explain <doc-id>\` shows what each removes)`;
}

/** The candidate within a few edits of `word`, if one is clearly closest. */
function nearest(word: string, candidates: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row = next;
    }
    return row[b.length]!;
  };
  let best: { id: string; d: number } | undefined;
  for (const id of candidates) {
    const d = distance(word.toLowerCase(), id);
    if (!best || d < best.d) best = { id, d };
  }
  return best && best.d <= Math.max(2, Math.floor(best.id.length / 3)) ? best.id : undefined;
}

/**
 * Reads config/policywatch.yaml (optional) and every config/documents/*.yaml.
 * Throws one ConfigError listing every problem, each with file, line, document, field and fix.
 */
export async function loadConfig(configDirInput: string): Promise<LoadedConfig> {
  const configDir = resolve(configDirInput);
  const rootDir = dirname(configDir);
  const shown = (p: string) => relative(process.cwd(), p) || p;
  const problems: string[] = [];

  let settings = SettingsSchema.parse({});
  const settingsPath = join(configDir, 'policywatch.yaml');
  const settingsFile = await parseYamlFile(settingsPath, shown(settingsPath), problems).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read ${shown(settingsPath)}`, [error.message], { cause: error });
  });
  if (settingsFile) {
    const result = SettingsSchema.safeParse(settingsFile.value);
    if (result.success) settings = result.data;
    else problems.push(...result.error.issues.map((i) => describeIssue(settingsFile, i, undefined)));
  }

  const documentsDir = join(configDir, 'documents');
  let files: string[];
  try {
    files = (await readdir(documentsDir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (error) {
    throw new ConfigError(`no documents folder at ${shown(documentsDir)}`, [
      `${shown(documentsDir)}: create it and list documents in YAML files (see README "Config")`,
    ], { cause: error });
  }
  if (files.length === 0) problems.push(`${shown(documentsDir)}: no .yaml files; add one with a "documents:" list`);

  const documents: DocumentConfig[] = [];
  const seen = new Map<string, string>();
  // Topics are declared once, in the settings; a document or claim naming another one is a typo or a missing line.
  const declared = new Set(settings.topics);
  const topicFix = `use one of the topics declared in ${shown(settingsPath)} (${settings.topics.join(', ')}), or add it under "topics:" there`;
  for (const name of files) {
    const path = join(documentsDir, name);
    const parsed = await parseYamlFile(path, shown(path), problems);
    if (!parsed) continue;
    const result = DocumentsFileSchema.safeParse(parsed.value);
    const rawDocs = (parsed.value as { documents?: unknown }).documents;
    // Checked on the file as written, so an unknown topic is reported along with the file's other problems.
    problems.push(...undeclaredTopics(parsed, rawDocs, declared, topicFix));
    if (!result.success) {
      problems.push(...result.error.issues.map((i) => describeIssue(parsed, i, rawDocs)));
      continue;
    }
    const hasSelectors = result.data.documents.some((doc) => (doc.select?.length ?? 0) + doc.remove.length > 0);
    const selectorProblem = hasSelectors ? await selectorChecker() : () => undefined;
    result.data.documents.forEach((doc, index) => {
      const where = `${parsed.file}:${parsed.lineOf(['documents', index, 'id']) ?? '?'}`;
      const earlier = seen.get(doc.id);
      if (earlier) problems.push(`${where}: document "${doc.id}" field "id": already used at ${earlier}; give each document its own id`);
      else seen.set(doc.id, where);
      for (const field of ['select', 'remove'] as const) {
        (doc[field] ?? []).forEach((selector, s) => {
          const problem = selectorProblem(selector);
          if (!problem) return;
          const line = parsed.lineOf(['documents', index, field, s]);
          problems.push(`${parsed.file}:${line ?? '?'}: document "${doc.id}" field "${field}.${s}": "${selector}" is not a valid CSS selector (${problem}); fix its syntax`);
        });
      }
      const claimIds = new Set<string>();
      doc.claims.forEach((claim, c) => {
        if (claim.id === EFFECTIVE_DATE_CLAIM_ID) {
          const line = parsed.lineOf(['documents', index, 'claims', c, 'id']);
          problems.push(`${parsed.file}:${line ?? '?'}: document "${doc.id}" field "claims.${c}.id": "${claim.id}" is reserved for the effective date the guide states (guide.effectiveDate); rename the claim`);
        }
        if (claimIds.has(claim.id)) {
          const line = parsed.lineOf(['documents', index, 'claims', c, 'id']);
          problems.push(`${parsed.file}:${line ?? '?'}: document "${doc.id}" field "claims.${c}.id": "${claim.id}" is used twice in this document; rename one`);
        }
        claimIds.add(claim.id);
      });
      documents.push(doc);
    });
  }

  if (problems.length > 0) {
    throw new ConfigError(`config in ${shown(configDir)} has ${problems.length} problem(s):`, problems);
  }
  return { configDir, rootDir, settings, documents };
}

/** Topics named by documents and claims that the settings do not declare (the schema checks their spelling). */
function undeclaredTopics(parsed: ParsedFile, rawDocs: unknown, declared: ReadonlySet<string>, fix: string): string[] {
  if (!Array.isArray(rawDocs)) return [];
  const problems: string[] = [];
  rawDocs.forEach((raw: unknown, index) => {
    if (raw === null || typeof raw !== 'object') return;
    const doc = raw as { id?: unknown; topics?: unknown; claims?: unknown };
    const label = typeof doc.id === 'string' ? `"${doc.id}"` : `#${index + 1}`;
    const check = (topic: unknown, path: PropertyKey[]) => {
      if (typeof topic !== 'string' || declared.has(topic)) return;
      const line = parsed.lineOf(['documents', index, ...path]);
      problems.push(`${parsed.file}:${line ?? '?'}: document ${label} field "${path.join('.')}": unknown topic "${topic}"; ${fix}`);
    };
    if (Array.isArray(doc.topics)) doc.topics.forEach((topic: unknown, t) => check(topic, ['topics', t]));
    if (Array.isArray(doc.claims)) {
      doc.claims.forEach((claim: unknown, c) => {
        if (claim !== null && typeof claim === 'object') check((claim as { topic?: unknown }).topic, ['claims', c, 'topic']);
      });
    }
  });
  return problems;
}

/**
 * A selector that would throw at run time is caught here, where the file and line are known. Cheerio is imported
 * only for a file that names selectors: `validate` on a config without any never loads it.
 */
async function selectorChecker(): Promise<(selector: string) => string | undefined> {
  const { load } = await import('cheerio/slim');
  const emptyPage = load('<html></html>');
  return (selector) => {
    try {
      emptyPage(selector);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message.split('\n')[0] : 'does not parse';
    }
  };
}

/** Resolves a settings path (relative to the repository root). */
export function resolveFromRoot(config: Pick<LoadedConfig, 'rootDir'>, path: string): string {
  return resolve(config.rootDir, path);
}
