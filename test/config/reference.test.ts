import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configurationReference } from '../../src/config/generate-reference.ts';
import { jsonSchemas } from '../../src/config/generate-json-schema.ts';

const root = join(import.meta.dirname, '../..');

describe('docs/configuration.md', () => {
  it('is the reference generated from the zod schemas (run `npm run schema` after changing them)', () => {
    expect(readFileSync(join(root, 'docs/configuration.md'), 'utf8')).toBe(configurationReference());
  });

  it('lists and describes every setting', () => {
    const reference = configurationReference();
    type Node = { properties?: Record<string, Node>; description?: string; type?: string };
    const walk = (node: Node, prefix: string): [string, Node][] =>
      Object.entries(node.properties ?? {}).flatMap(([name, child]) =>
        name === '$schema' ? [] : child.type === 'object' && child.properties ? walk(child, `${prefix}${name}.`) : [[`${prefix}${name}`, child] as [string, Node]],
      );
    const settings = walk(jsonSchemas()['settings.schema.json'] as Node, '');
    expect(settings.length).toBeGreaterThan(25);
    for (const [path, node] of settings) {
      expect(reference, path).toContain(`| \`${path}\` |`);
      expect(node.description, `${path} has no .describe() in src/config/schema.ts`).toBeTruthy();
    }
  });
});
