import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { explain, RULES } from '../../src/normalize/index.ts';
import type { Explanation } from '../../src/normalize/index.ts';

/**
 * Each extraction rule tested alone, from data: test/normalize/rules/<rule-id>.yaml lists cases of HTML with what
 * the rule must remove and what it must keep. A case runs the registry reduced to that rule (plus the rules it
 * names in `with`), so it shows what the rule itself does. Adding a rule means adding its case file.
 *
 *   rule: widget-phrases
 *   cases:
 *     - name: drops a feedback widget
 *       html: <main><p>…</p><div><p>Was this page helpful?</p><a href="#">Yes</a></div></main>
 *       removed: [Was this page helpful?]   # in the rule's trace, and not in the Markdown
 *       kept: [the policy sentence]         # in the Markdown
 *   # removed: [] (or omitted) means the rule must remove and rewrite nothing on this page.
 *   # Optional: url, select, remove, disable, with: [rule ids], markdown (exact), root (the chosen root, `<tag#id.class>`).
 */

const CaseSchema = z
  .object({
    name: z.string().min(1),
    html: z.string().min(1),
    url: z.url().default('https://www.example.com/legal/privacy'),
    select: z.array(z.string()).optional(),
    remove: z.array(z.string()).default([]),
    with: z.array(z.string()).default([]),
    removed: z.array(z.string()).default([]),
    kept: z.array(z.string()).default([]),
    markdown: z.string().optional(),
    root: z.string().optional(),
  })
  .strict();
const CaseFileSchema = z.object({ rule: z.string(), cases: z.array(CaseSchema).min(1) }).strict();
type Case = z.infer<typeof CaseSchema>;

const dir = join(import.meta.dirname, 'rules');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const known = new Set(RULES.map((r) => r.id));

function run(ruleId: string, c: Case): Explanation {
  const ids = new Set([ruleId, ...c.with]);
  const rules = RULES.filter((r) => ids.has(r.id));
  return explain({ body: c.html, format: 'html', url: c.url, doc: { id: 'case', remove: c.remove, ...(c.select ? { select: c.select } : {}) } }, { rules });
}

describe('every registered rule has its own cases', () => {
  it('has a case file per rule and no case file without a rule', () => {
    const covered = files.map((f) => f.replace(/\.yaml$/, ''));
    expect(RULES.map((r) => r.id).filter((id) => !covered.includes(id)), 'rules without test/normalize/rules/<id>.yaml').toEqual([]);
    expect(covered.filter((id) => !known.has(id)), 'case files naming no registered rule').toEqual([]);
  });
});

for (const file of files) {
  let yaml: unknown;
  try {
    yaml = parse(readFileSync(join(dir, file), 'utf8'));
  } catch (error) {
    throw new Error(`test/normalize/rules/${file}: ${String(error)}`, { cause: error });
  }
  const parsed = CaseFileSchema.safeParse(yaml);
  if (!parsed.success) throw new Error(`test/normalize/rules/${file}: ${z.prettifyError(parsed.error)}`);
  const data = parsed.data;
  describe(`rule ${data.rule}`, () => {
    it('is the rule its file is named after, with cases that remove and cases that keep', () => {
      expect(`${data.rule}.yaml`).toBe(file);
      const rule = RULES.find((r) => r.id === data.rule);
      expect(rule, `${data.rule} is not registered`).toBeDefined();
      for (const c of data.cases) for (const id of c.with) expect(known.has(id), `${c.name}: "with" names unknown rule ${id}`).toBe(true);
      // A rule that removes or rewrites shows both sides: where it acts, and the text it must keep.
      if (rule?.phase !== 'root' && rule?.phase !== 'restore') {
        expect(data.cases.some((c) => c.removed.length > 0), 'no case where the rule acts').toBe(true);
        expect(data.cases.some((c) => c.kept.length > 0), 'no case naming text the rule must keep').toBe(true);
      }
    });

    for (const c of data.cases) {
      it(c.name, () => {
        const e = run(data.rule, c);
        const markdown = e.extraction.markdown;
        const trace = e.rules.find((r) => r.id === data.rule)!;
        const touched = [...trace.removed.map((r) => r.text), ...trace.rewritten.map((r) => r.before)];
        const shown = `\n--- Markdown ---\n${markdown}--- ${data.rule} removed/rewrote ---\n${touched.join('\n')}`;
        for (const text of c.removed) {
          expect(touched.some((t) => t.includes(text)), `"${text}" is not among what ${data.rule} removed or rewrote${shown}`).toBe(true);
          expect(markdown, `"${text}" is still in the Markdown${shown}`).not.toContain(text);
        }
        if (c.removed.length === 0) expect(touched, `${data.rule} must leave this page alone${shown}`).toEqual([]);
        for (const text of c.kept) expect(markdown, `"${text}" was lost${shown}`).toContain(text);
        if (c.markdown !== undefined) expect(markdown).toBe(c.markdown);
        if (c.root !== undefined) expect(e.root.element).toBe(c.root);
      });
    }
  });
}
