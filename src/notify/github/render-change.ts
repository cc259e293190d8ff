import type { ClaimChange } from '../../claims/types.ts';
import type { KeyChange } from '../../summarize/types.ts';
import type { DiffHunk, ReadableDiff, WordPart } from '../../diff/types.ts';
import type { ChangeEvent, ClaimsChangedEvent, Links } from '../events.ts';
import { githubPlain, markdownCode, markdownFence, markdownInline, markdownText, markdownUrl, truncate } from '../../untrusted/index.ts';

/** GitHub rejects bodies over 65,536 characters; keep a margin for markers and the notes around the diff. */
export const BODY_LIMIT = 60_000;
/** Hunks shown open; the rest go in one <details>. */
const OPEN_HUNKS = 6;
/** A single hunk's block above this size is folded into its own <details>. */
const FOLD_CHARS = 1500;

export type ChangeLike = ChangeEvent | ClaimsChangedEvent;

export function changeTitle(event: ChangeLike): string {
  if (event.type === 'change') {
    return githubPlain(event.headline.trim() ? event.headline : `${event.doc.title} changed`);
  }
  const first = event.claimChanges[0];
  const what = first ? `quoted claim ${first.claim.id} is now ${first.after.status}` : 'quoted claims changed';
  return githubPlain(`${event.doc.title}: ${what}`);
}

export function docLink(doc: { title: string; url: string }): string {
  const url = markdownUrl(doc.url);
  const title = markdownInline(doc.title, 200);
  return url ? `[${title}](${url})` : title;
}

function date(iso: string): string {
  return markdownInline(iso.length >= 10 ? iso.slice(0, 10) : iso, 40);
}

/** Bullets shown open: the ranked list leads with what the headline names (a changed claim first), the rest follow. */
const SUMMARY_BULLETS = 20;

function renderKeyChanges(keyChanges: readonly KeyChange[]): string {
  const shown = keyChanges.slice(0, SUMMARY_BULLETS).map((k) => `- ${markdownInline(k.text, 600)}`);
  const more = keyChanges.length - shown.length;
  if (more > 0) shown.push(`- _…and ${more} more: see the diff below._`);
  return shown.join('\n');
}

/** "the guide's section 'Claude Code (CLI)' quotes this": where the maintainer edits the guide. */
export function guideWhere(claim: ClaimChange['claim']): string | undefined {
  const guide = claim.guide;
  if (!guide) return undefined;
  const verb = claim.kind === 'effective-date' ? 'states this date' : 'quotes this';
  const anchor = guide.anchor ? ` (${markdownCode(`#${guide.anchor}`, 120)})` : '';
  const also = (guide.alsoIn ?? []).slice(0, 10).map((s) => `'${markdownInline(s, 200)}'`);
  const alsoText = also.length ? `; also quoted in ${also.join(', ')}` : '';
  return `The guide's section '${markdownInline(guide.section, 200)}'${anchor} ${verb}${alsoText}.`;
}

function renderClaim(change: ClaimChange): string {
  const before = change.before?.status ?? 'new';
  const dated = change.claim.kind === 'effective-date';
  const similarity = change.after.status === 'verified' || dated ? '' : ` (${Math.round(change.after.similarity * 100)}% similar)`;
  const name = dated ? 'Effective date' : markdownCode(change.claim.id, 100);
  const lines = [
    `- ${name} (${markdownInline(change.claim.topic, 40)}): **${before} → ${change.after.status}**${similarity}`,
    dated
      ? `  - The guide states: “${markdownInline(change.claim.quote, 200)}”`
      : `  - The guide quotes${change.claim.kind === 'label' ? ' the label' : ''}: “${markdownInline(change.claim.quote, 800)}”`,
  ];
  const where = guideWhere(change.claim);
  if (where) lines.push(`  - ${where}`);
  const now = change.after.currentWording;
  if (now) lines.push(`  - The page now says: “${markdownInline(now, 800)}”`);
  const was = change.before?.currentWording;
  if (was && was !== now) lines.push(`  - It said before: “${markdownInline(was, 800)}”`);
  if (change.after.status === 'missing' && !now) lines.push(dated ? '  - The page states no effective date.' : '  - No similar passage was found on the page.');
  if (!change.before && change.after.status !== 'verified') lines.push('  - First check of this claim: the guide does not match the page; update the guide (or the config).');
  return lines.join('\n');
}

/** "We keep data for ~~30~~ **90** days": the words that moved, at a glance. */
function wordLine(words: readonly WordPart[]): string {
  let out = '';
  let previous: WordPart['op'] | undefined;
  for (const part of words) {
    const core = markdownInline(part.text, 400);
    const lead = /^\s/.test(part.text) ? ' ' : '';
    const tail = /\s$/.test(part.text) ? ' ' : '';
    if (!core) {
      if (part.op !== 'delete') out += lead || tail;
      continue;
    }
    const marked = part.op === 'equal' ? core : part.op === 'delete' ? `~~${core}~~` : `**${core}**`;
    const gap = previous === 'delete' && part.op === 'insert' && !lead ? ' ' : '';
    out += `${lead}${gap}${marked}${tail}`;
    previous = part.op;
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

function sideLines(text: string, sign: '-' | '+', max: number, clip: { clipped: boolean }): string[] {
  const clean = markdownText(text);
  if (clean.length > max) clip.clipped = true;
  const cut = clean.length > max ? `${truncate(clean, max)} (${clean.length - max} more characters)` : clean;
  return cut.split('\n').map((line) => `${sign} ${line}`);
}

/** One change as Markdown; sets clip.clipped when a side was shortened. */
function renderHunk(hunk: DiffHunk, maxText: number, clip: { clipped: boolean }): string {
  const what = !hunk.before.trim() ? 'Added' : !hunk.after.trim() ? 'Removed' : 'Changed';
  const where = hunk.section?.trim() ? ` in §\u00A0${markdownInline(hunk.section, 200)}` : '';
  const parts = [`**${what}**${where}:`];
  const plain = hunk.before.length + hunk.after.length;
  if (what === 'Changed' && hunk.words.length > 0 && plain < FOLD_CHARS) parts.push(wordLine(hunk.words));
  const lines = [
    ...(hunk.before.trim() ? sideLines(hunk.before, '-', maxText / 2, clip) : []),
    ...(hunk.after.trim() ? sideLines(hunk.after, '+', maxText / 2, clip) : []),
  ];
  const block = markdownFence(lines.join('\n'), 'diff');
  parts.push(block.length > FOLD_CHARS ? `<details><summary>Full text of this change (${plain} characters)</summary>\n\n${block}\n\n</details>` : block);
  return parts.join('\n\n');
}

function fullDiffPointer(links: Links | undefined): string {
  const commit = markdownUrl(links?.commit);
  const compare = markdownUrl(links?.compare);
  if (commit) return `The full diff is in the snapshot commit: ${commit}`;
  if (compare) return `The full diff is in the compare view: ${compare}`;
  return 'The full diff is in the snapshot commit (snapshots/ in this repository).';
}

/** The diff section, never longer than `budget` characters. */
export function renderDiff(diff: ReadableDiff, budget: number, links: Links | undefined): string {
  const { added, removed, changed } = diff.stats;
  const head = `### What changed\n\n${changed} changed, ${added} added, ${removed} removed.`;
  const noteReserve = 600;
  const blocks: string[] = [];
  let used = head.length + noteReserve;
  let shown = 0;
  let cut = false;
  let folded = false;
  const clip = { clipped: false };
  for (const [index, hunk] of diff.hunks.entries()) {
    const opener = index === OPEN_HUNKS ? `<details><summary>${diff.hunks.length - OPEN_HUNKS} more changes</summary>` : undefined;
    const probe = { clipped: false };
    let block = renderHunk(hunk, 20_000, probe);
    const extra = (opener ? opener.length + 20 : 0) + 2;
    if (used + block.length + extra > budget) {
      if (shown > 0) {
        cut = true;
        break;
      }
      // Even the first change is too large: show its beginning.
      block = renderHunk(hunk, Math.max(200, budget - used - extra - 800), probe);
      cut = true;
    }
    if (probe.clipped) clip.clipped = true;
    if (opener) {
      blocks.push(opener);
      folded = true;
    }
    blocks.push(block);
    used += block.length + extra;
    shown += 1;
    if (cut) break;
  }
  if (folded) blocks.push('</details>');
  const notes: string[] = [];
  const hidden = diff.hunks.length - shown;
  if (cut) {
    const more = hidden > 0 ? ` (${hidden} more change${hidden === 1 ? '' : 's'} not shown)` : '';
    notes.push(`> [!NOTE]\n> The diff is cut here to fit GitHub's size limit${more}. ${fullDiffPointer(links)}`);
  } else if (diff.truncated || clip.clipped) {
    const what = diff.truncated ? 'Only the first changes are listed' : 'Long passages are shortened here';
    notes.push(`> [!NOTE]\n> ${what}. ${fullDiffPointer(links)}`);
  }
  if (diff.hunks.length === 0) blocks.push('_No text blocks changed._');
  return [head, ...blocks, ...notes].join('\n\n');
}

function renderLinks(event: ChangeLike): string {
  const lines = [`- Page: ${docLink(event.doc)}`];
  if (event.type === 'change') {
    const commit = markdownUrl(event.links.commit);
    const compare = markdownUrl(event.links.compare);
    if (commit) lines.push(`- Snapshot commit: ${commit}`);
    if (compare) lines.push(`- Compare view: ${compare}`);
  }
  return `### Links\n\n${lines.join('\n')}`;
}

/** The readable part of a change issue or comment, below the markers; `lead` is the first paragraph. */
export function renderChangeContent(event: ChangeLike, lead: string, budget: number): string {
  const sections: string[] = [lead];
  if (event.type === 'change' && event.keyChanges.length > 0) sections.push(`### Summary\n\n${renderKeyChanges(event.keyChanges)}`);
  if (event.claimChanges.length > 0) {
    const claims = event.claimChanges.slice(0, 30).map(renderClaim).join('\n');
    sections.push(`### Quoted claims affected\n\n${claims}`);
  }
  if (event.type === 'change') {
    const { before, after } = event.effectiveDate;
    if (before || after) {
      const text = before === after ? `${markdownInline(after ?? '', 80)} (unchanged)` : `${before ? markdownInline(before, 80) : 'none'} → ${after ? markdownInline(after, 80) : 'none'}`;
      sections.push(`**Effective date:** ${text}`);
    }
  }
  const tail = renderLinks(event);
  if (event.type === 'change') {
    const fixed = sections.join('\n\n').length + tail.length + 10;
    sections.push(renderDiff(event.diff, Math.max(2000, budget - fixed), event.links));
  }
  sections.push(tail);
  // Claims and summaries are capped line by line, so only a pathological event needs this last guard.
  const body = sections.join('\n\n');
  return body.length > budget ? `${truncate(body, budget - 200)}\n\n_(cut to fit GitHub's size limit)_` : body;
}

export function changeLead(event: ChangeLike, again: boolean): string {
  const kind = event.type === 'claims-changed' ? 'quoted claims changed' : event.kind === 'formatting' ? 'formatting-only change' : 'substantive change';
  const verb = again ? 'changed again' : 'changed';
  const summary = event.type === 'change' && event.headline.trim() ? `\n\n**${markdownInline(event.headline, 400)}**` : '';
  return `${docLink(event.doc)} ${verb} (${kind}, recorded ${date(event.at)}).${summary}`;
}
