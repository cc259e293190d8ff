import { writeFile } from 'node:fs/promises';
import { jsonSchemas } from './generate-json-schema.ts';

/**
 * docs/configuration.md, generated from the JSON Schemas that are themselves generated from the zod schemas
 * validating the config: one source, so the reference cannot say what the loader does not do. `npm run schema`
 * rewrites it; test/config/reference.test.ts fails when the committed file is stale.
 */

interface Node {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Node>;
  required?: string[];
  items?: Node;
  anyOf?: Node[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  pattern?: string;
  format?: string;
  examples?: unknown[];
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const code = (value: unknown) => `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeOf(node: Node): string {
  if (node.enum) return node.enum.map(code).join(' | ');
  if (node.const !== undefined) return code(node.const);
  if (node.anyOf) return node.anyOf.map(typeOf).join(' or ');
  const type = Array.isArray(node.type) ? node.type.join(' or ') : (node.type ?? 'any');
  if (type === 'array') return `list of ${node.items ? typeOf(node.items) : 'any'}`;
  if (type === 'string' && node.format === 'uri') return 'URL';
  return type;
}

function limits(node: Node): string[] {
  const out: string[] = [];
  if (node.exclusiveMinimum !== undefined) out.push(`> ${node.exclusiveMinimum}`);
  if (node.minimum !== undefined) out.push(`≥ ${node.minimum}`);
  if (node.maximum !== undefined && node.maximum < MAX_SAFE) out.push(`≤ ${node.maximum}`);
  if (node.minLength !== undefined && node.minLength > 1) out.push(`at least ${node.minLength} characters`);
  if (node.maxLength !== undefined) out.push(`at most ${node.maxLength} characters`);
  if (node.minItems !== undefined && node.minItems > 0) out.push(`at least ${node.minItems}`);
  if (node.pattern === '^[a-z0-9][a-z0-9-]*$') out.push('lowercase letters, digits, dashes');
  else if (node.pattern) out.push(`matches ${code(node.pattern)}`);
  return out;
}

function defaultOf(node: Node): string {
  if (node.default === undefined) return '';
  if (typeof node.default === 'object' && node.default !== null && Object.keys(node.default).length === 0 && !Array.isArray(node.default)) return '';
  return code(node.default);
}

interface Row {
  path: string;
  node: Node;
  required: boolean;
  /** The optional object this field is required in ("guide"), if any. */
  within?: string;
}

/** Leaf fields with dotted paths; objects are walked into, lists of objects get their own table. */
function rows(node: Node, prefix: string, nested: { title: string; node: Node }[], within?: string): Row[] {
  const out: Row[] = [];
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    if (name === '$schema') continue;
    const path = prefix ? `${prefix}.${name}` : name;
    const required = node.required?.includes(name) ?? false;
    if (child.type === 'object' && child.properties) {
      // An object with defaults is always there; one without is optional, and its required fields only with it.
      const optional = !required && child.default === undefined;
      out.push(...rows(child, path, nested, optional ? path : within));
      continue;
    }
    if (child.type === 'array' && child.items?.type === 'object' && child.items.properties) nested.push({ title: `${path}[]`, node: child.items });
    out.push({ path, node: child, required, ...(within ? { within } : {}) });
  }
  return out;
}

function table(node: Node, prefix = ''): { text: string; nested: { title: string; node: Node }[] } {
  const nested: { title: string; node: Node }[] = [];
  const lines = ['| field | type | default | what it does |', '| --- | --- | --- | --- |'];
  for (const row of rows(node, prefix, nested)) {
    const type = [typeOf(row.node), ...limits(row.node)].join(', ');
    const fallback = row.required ? `**required**${row.within ? ` with \`${row.within}\`` : ''}` : defaultOf(row.node);
    const examples = row.node.examples?.length && !row.node.enum ? ` Examples: ${row.node.examples.map(code).join(', ')}.` : '';
    lines.push(`| \`${row.path}\` | ${cell(type)} | ${cell(fallback)} | ${cell((row.node.description ?? '') + examples)} |`);
  }
  return { text: lines.join('\n'), nested };
}

function section(title: string, node: Node, intro: string): string {
  const out = [`## ${title}`, '', intro, ''];
  const { text, nested } = table(node);
  out.push(text);
  const queue = [...nested];
  while (queue.length > 0) {
    const next = queue.shift()!;
    const sub = table(next.node);
    out.push('', `### \`${next.title}\``, '', ...(next.node.description ? [next.node.description, ''] : []), sub.text);
    queue.push(...sub.nested.map((n) => ({ title: `${next.title}.${n.title}`, node: n.node })));
  }
  return out.join('\n');
}

export function configurationReference(): string {
  const schemas = jsonSchemas() as Record<string, Node>;
  const settings = schemas['settings.schema.json']!;
  const documents = schemas['documents.schema.json']!;
  const documentItem = documents.properties?.['documents']?.items ?? {};
  return [
    '# Configuration reference',
    '',
    '<!-- Generated from the zod schemas in src/config/schema.ts by `npm run schema`; do not edit by hand. -->',
    '',
    'A tracker\'s config is a folder (`config/` unless `--config` names another) holding `policywatch.yaml` (settings,',
    'all optional) and `documents/*.yaml` (the pages). `policywatch validate` checks both and names the file, line,',
    'document, field and fix of every problem; the JSON Schemas in `config/schema/` give editors the same rules.',
    'Paths in the settings are relative to the folder that holds the config folder (the repository root).',
    '',
    'Secrets and credentials are never in these files: they come from the environment (see [channels](channels.md)).',
    '',
    section('`policywatch.yaml`', settings, 'Run-wide settings. Every field is optional; a missing one takes its default.'),
    '',
    section('`documents/*.yaml`', { type: 'object', properties: { documents: { ...documents.properties?.['documents'], items: documentItem } }, required: ['documents'] },
      'Each file holds a `documents:` list; together the files list every page. Ids are unique across files.'),
    '',
  ].join('\n');
}

if (process.argv[1]?.endsWith('generate-reference.ts')) {
  const path = process.argv[2] ?? 'docs/configuration.md';
  await writeFile(path, configurationReference());
  process.stdout.write(`wrote ${path}\n`);
}
