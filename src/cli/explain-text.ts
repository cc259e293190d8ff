import type { Verdict } from '../gate/index.ts';
import type { Explanation, RuleTrace } from '../normalize/index.ts';
import { redactSecrets, terminalLine, terminalText, type Redactor } from '../untrusted/index.ts';

/** Where the page `policywatch explain` read came from. */
export interface ExplainSource {
  kind: 'stored' | 'file';
  /** The file, as given on the command line. */
  path?: string;
  docId?: string;
  /** The page's document is in the config: its select, remove and disable apply. */
  configured: boolean;
  url: string;
  urlFrom: '--url' | 'the config' | 'the stored snapshot' | 'documents.tsv';
  fetchedAt?: string;
}

const SHOWN_PER_RULE = 5;
const n = (value: number): string => value.toLocaleString('en-US');


function heading(title: string): string {
  return `── ${title} ${'─'.repeat(Math.max(3, 72 - title.length))}`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text.padEnd(width);
}

/** The terminal form: the Markdown first, then why it came out so, so the explanation ends on screen. */
export function renderExplanation(
  source: ExplainSource,
  e: Explanation,
  verdict: Verdict,
  options: { all: boolean; redact?: Redactor },
): string {
  const redact = options.redact ?? redactSecrets;
  const line = (text: string): string => terminalLine(text, redact);
  const q = (text: string): string => `"${line(text)}"`;
  const { extraction } = e;
  const out: string[] = [];
  const words = extraction.markdown.split(/\s+/).filter(Boolean).length;
  out.push(heading(`Markdown: ${n(extraction.markdown.length)} characters, ${n(words)} words`));
  out.push(terminalText(extraction.markdown, redact).trimEnd() || '(empty)', '');

  out.push(heading('Source'));
  out.push(`  ${pad(source.kind === 'stored' ? 'stored page' : 'file', 16)}${line(source.kind === 'stored' ? `snapshots of ${source.docId}${source.fetchedAt ? `, fetched ${source.fetchedAt}` : ''}` : (source.path ?? ''))}`);
  out.push(`  ${pad('document', 16)}${source.configured ? `${source.docId} (configured: its select, remove and disable apply)` : 'not in the config: default rules'}`);
  out.push(`  ${pad('base URL', 16)}${line(source.url)} (from ${source.urlFrom})`);
  const disabled = e.rules.filter((r) => !r.enabled);
  out.push(`  ${pad('rules', 16)}${e.rules.length} rules, fingerprint ${e.rulesVersion}; disabled here: ${disabled.length ? disabled.map((r) => r.id).join(', ') : 'none'}`);
  out.push('');

  out.push(heading('Verdict'));
  const failure = verdict.kind === 'document' ? undefined : 'failure' in verdict ? verdict.failure : undefined;
  const answer = verdict.kind === 'document' ? 'yes' : failure ? `NO: ${failure.reason}: ${line(failure.message)}` : `undecided (${verdict.kind === 'undecided' ? verdict.why : ''})`;
  out.push(`  ${pad('the document?', 16)}${answer}`);
  out.push(`  ${pad('title', 16)}${extraction.title ? q(extraction.title) : '(none)'}`);
  if (e.pageTitle !== undefined) out.push(`  ${pad('page <title>', 16)}${q(e.pageTitle)}`);
  out.push(`  ${pad('effective date', 16)}${e.effectiveDate ? `${e.effectiveDate.date} (from the ${e.effectiveDate.from})` : 'none found'}`);
  out.push('');

  out.push(heading('Content root'));
  const root = e.root;
  const how = root.bySelector ? 'chosen by the configured selector' : root.selectorFallback ? 'configured selector matched nothing: default rules' : 'default rules';
  out.push(`  ${line(root.element)}: ${n(root.chars)} of the ${n(e.pageChars)} characters left on the page after pruning (${how})`);
  out.push(...rootSteps(root.steps, line));
  if (root.orphanTitle) out.push(`  title rendered above the root: ${q(root.orphanTitle)}`);
  out.push('');

  const removing = e.rules.filter((r) => r.removedElements > 0 && r.kind !== 'text' || r.removed.length > 0);
  out.push(heading('Removed, by rule (in the order they ran)'));
  if (removing.length === 0) out.push('  nothing');
  for (const rule of removing) out.push(...removals(rule, options.all, line));
  const total = removing.reduce((sum, r) => sum + r.removedChars, 0);
  const blocks = removing.reduce((sum, r) => sum + r.removed.length, 0);
  out.push(`  total: ${n(total)} characters of text in ${n(blocks)} blocks and lines`, '');

  const rewriting = e.rules.filter((r) => r.rewritten.length > 0);
  if (rewriting.length > 0) {
    out.push(heading('Rewritten by text rules'));
    for (const rule of rewriting) {
      out.push(`  ${pad(rule.id, 18)}${rule.rewritten.length} distinct rewrite(s): ${rule.description}`);
      const shown = options.all ? rule.rewritten : rule.rewritten.slice(0, 3);
      for (const r of shown) out.push(`      ${q(r.before)} → ${q(r.after)}`);
      if (shown.length < rule.rewritten.length) out.push(`      … ${rule.rewritten.length - shown.length} more (--all lists them)`);
    }
    out.push('');
  }

  const idle = e.rules.filter((r) => r.enabled && !removing.includes(r) && !rewriting.includes(r) && r.phase !== 'root');
  out.push(heading('No effect on this page'));
  out.push(`  ${idle.map((r) => r.id).join(', ') || 'none'}`);
  if (disabled.length > 0) {
    out.push('', heading('Disabled for this document (config `disable:`)'));
    for (const r of disabled) out.push(`  ${pad(r.id, 18)}${r.description}`);
  }
  return `${out.join('\n')}\n`;
}

/** Root decisions; a long run of narrowing steps is folded to its first and last. */
function rootSteps(steps: Explanation['root']['steps'], line: (text: string) => string): string[] {
  const lines: string[] = [];
  for (let i = 0; i < steps.length; i++) {
    let j = i;
    while (j + 1 < steps.length && steps[j + 1]!.rule === steps[i]!.rule) j++;
    const run = steps.slice(i, j + 1);
    const shown = run.length > 3 ? [run[0]!, undefined, run[run.length - 1]!] : run;
    for (const step of shown) {
      lines.push(step ? `    ${pad(step.rule, 18)}${line(step.note)}` : `    ${pad('', 18)}… ${run.length - 2} more steps of ${run[0]!.rule} …`);
    }
    i = j;
  }
  return lines;
}

function removals(rule: RuleTrace, all: boolean, line: (text: string) => string): string[] {
  const q = (text: string): string => `"${line(text)}"`;
  const lines = [`  ${pad(rule.phase, 8)}${pad(rule.id, 18)}${n(rule.removedChars).padStart(7)} chars in ${rule.removed.length} block(s)${rule.removedElements > rule.removed.length ? ` (+${rule.removedElements - rule.removed.length} empty elements)` : ''}`];
  lines.push(`${' '.repeat(28)}${line(rule.description)}`);
  const shown = all ? rule.removed : [...rule.removed].sort((a, b) => b.chars - a.chars).slice(0, SHOWN_PER_RULE);
  for (const r of shown) lines.push(`      - ${n(r.chars).padStart(6)}  ${line(r.element)}${r.why ? ` (${line(r.why)})` : ''}: ${q(r.text)}`);
  if (shown.length < rule.removed.length) lines.push(`      … ${rule.removed.length - shown.length} more (--all lists them)`);
  return lines;
}
