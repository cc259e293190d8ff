import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Document} from 'yaml';
import { isMap, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { writeFileAtomic } from '../shared/fs.ts';
import type { ImportPlan, PlannedClaim } from './plan.ts';

/**
 * Applies an import plan to config/documents/*.yaml through the yaml package's Document API, so comments, key
 * order, flow lists and quoting of everything the plan does not touch stay as they were. A file is written only
 * when its text changes (a re-import that changes nothing rewrites nothing).
 */

const STRINGIFY = { lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false } as const;
const NEW_FILE_HEADER = '# yaml-language-server: $schema=../schema/documents.schema.json\n# Documents added by `policywatch guide import`: pages the guide cites.\n';

function quoted(value: string): Scalar {
  const node = new Scalar(value);
  node.type = Scalar.QUOTE_DOUBLE;
  return node;
}

function claimNode(doc: Document, claim: PlannedClaim): YAMLMap {
  const node = new YAMLMap();
  node.set('id', claim.id);
  node.set('quote', quoted(claim.quote));
  if (claim.match !== undefined) node.set('match', quoted(claim.match));
  if (claim.kind === 'label') node.set('kind', 'label');
  node.set('topic', claim.topic);
  node.set('guide', doc.createNode(claim.guide));
  return node;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Sets a key only when its value differs; undefined removes it. */
function put(map: YAMLMap, key: string, value: unknown, doc: Document, style?: 'quoted'): void {
  const current = map.get(key, true);
  const js = current && typeof (current as { toJSON?: unknown }).toJSON === 'function' ? (current as { toJSON(): unknown }).toJSON() : current instanceof Scalar ? current.value : current;
  if (value === undefined) {
    if (map.has(key)) map.delete(key);
    return;
  }
  if (sameJson(js, value)) return;
  map.set(key, style === 'quoted' && typeof value === 'string' ? quoted(value) : doc.createNode(value));
}

function documentsSeq(file: Document): YAMLSeq {
  const seq = file.get('documents', true);
  if (isSeq(seq)) return seq;
  const created = new YAMLSeq();
  file.set('documents', created);
  return created;
}

function findDocument(file: Document, id: string): YAMLMap | undefined {
  const seq = file.get('documents', true);
  if (!isSeq(seq)) return undefined;
  return seq.items.find((item): item is YAMLMap => isMap(item) && item.get('id') === id);
}

function claimsSeq(docNode: YAMLMap): YAMLSeq {
  const seq = docNode.get('claims', true);
  if (isSeq(seq)) return seq;
  const created = new YAMLSeq();
  docNode.set('claims', created);
  return created;
}

export interface WriteResult {
  /** Files (relative to documents/) whose text changed. */
  written: string[];
}

export async function applyPlan(options: {
  documentsDir: string;
  plan: ImportPlan;
  /** The config file of each configured document. */
  fileOf: ReadonlyMap<string, string>;
  /** Remove claims imported earlier that the guide no longer quotes. */
  prune?: boolean;
  dryRun?: boolean;
}): Promise<WriteResult> {
  const { plan, fileOf } = options;
  const files = new Map<string, { doc: Document; before: string }>();
  const open = async (name: string): Promise<Document> => {
    const cached = files.get(name);
    if (cached) return cached.doc;
    const text = await readFile(join(options.documentsDir, name), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    const doc = text === undefined ? parseDocument(`${NEW_FILE_HEADER}documents: []\n`) : parseDocument(text);
    if (text === undefined) (doc.get('documents', true) as YAMLSeq).flow = false;
    files.set(name, { doc, before: text ?? '' });
    return doc;
  };

  for (const added of plan.newDocuments) {
    const file = await open(added.file);
    const node = new YAMLMap();
    node.set('id', added.id);
    node.set('title', quoted(added.title));
    node.set('url', added.url);
    documentsSeq(file).add(node);
  }
  const fileFor = (docId: string) => fileOf.get(docId) ?? plan.newDocuments.find((d) => d.id === docId)?.file;

  for (const claim of plan.claims) {
    if (claim.action === 'unchanged') continue;
    if (claim.action === 'moved' && claim.fromDoc) {
      const fromFile = fileFor(claim.fromDoc);
      const fromNode = fromFile ? findDocument(await open(fromFile), claim.fromDoc) : undefined;
      const seq = fromNode?.get('claims', true);
      if (isSeq(seq)) seq.items = seq.items.filter((item) => !(isMap(item) && item.get('id') === claim.id));
    }
    const fileName = fileFor(claim.docId);
    if (!fileName) continue;
    const file = await open(fileName);
    const docNode = findDocument(file, claim.docId);
    if (!docNode) continue;
    const seq = claimsSeq(docNode);
    const existing = seq.items.find((item): item is YAMLMap => isMap(item) && item.get('id') === claim.id);
    if (!existing) {
      seq.add(claimNode(file, claim));
      continue;
    }
    put(existing, 'quote', claim.quote, file, 'quoted');
    put(existing, 'match', claim.match, file, 'quoted');
    put(existing, 'kind', claim.kind === 'label' ? 'label' : undefined, file);
    put(existing, 'guide', claim.guide, file);
  }

  if (options.prune) {
    for (const gone of plan.left.filter((l) => l.fromGuide)) {
      const fileName = fileFor(gone.docId);
      if (!fileName) continue;
      const docNode = findDocument(await open(fileName), gone.docId);
      const seq = docNode?.get('claims', true);
      if (isSeq(seq)) seq.items = seq.items.filter((item) => !(isMap(item) && item.get('id') === gone.id));
    }
  }

  for (const dated of plan.effectiveDates) {
    if (dated.action === 'unchanged') continue;
    const fileName = fileFor(dated.docId);
    if (!fileName) continue;
    const file = await open(fileName);
    const docNode = findDocument(file, dated.docId);
    if (!docNode) continue;
    put(docNode, 'guide', { effectiveDate: dated.effectiveDate, ...(dated.section && { section: dated.section }) }, file);
    // Quoted, so a YAML 1.1 reader does not turn it into a timestamp.
    const date = docNode.getIn(['guide', 'effectiveDate'], true);
    if (date instanceof Scalar) date.type = Scalar.QUOTE_DOUBLE;
  }

  const written: string[] = [];
  for (const [name, { doc, before }] of files) {
    const after = doc.toString(STRINGIFY);
    if (after === before) continue;
    written.push(name);
    if (!options.dryRun) await writeFileAtomic(join(options.documentsDir, name), after);
  }
  return { written: written.sort() };
}

/** The text of a config file after a parse and stringify with no change: a file the writer would not disturb. */
export function roundTrip(text: string): string {
  return parseDocument(text).toString(STRINGIFY);
}
