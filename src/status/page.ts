import type { ClaimReportEntry, ClaimsReport } from '../claims/schema.ts';
import type { DocumentConfig } from '../config/schema.ts';
import { htmlText, httpUrl } from '../untrusted/index.ts';
import { claimsHeadline, overallState } from './badge.ts';

/**
 * The published status page: every claim the guide quotes, its page, its status and the day it was last verified.
 * Plain HTML and CSS (no JavaScript), readable on a phone. A pure function of the claims report and the documents,
 * so `check` writes it beside claims.json and a server can answer GET / with the same string. Every piece of text
 * is escaped: quotes and current wordings come from the pages, which are untrusted.
 */

export interface StatusPageOptions {
  /** The page's heading. */
  title?: string;
  /** Where the guide is (a link at the top). */
  guideUrl?: string;
  /** Relative link to the machine-readable report. */
  reportHref?: string;
  /** Each watched document's last check and last change, listed above the claims (serve's GET /). */
  documentsStatus?: readonly DocumentStatus[];
  /** Link this stylesheet instead of inlining the style (a server whose CSP allows no inline style). */
  stylesheetHref?: string;
  /** Site navigation in a header landmark (serve: status, subscribe, feeds). Labels are escaped. */
  nav?: readonly { href: string; label: string; current?: boolean }[];
}

/** A watched document as the status page shows it. */
export interface DocumentStatus {
  id: string;
  title: string;
  url: string;
  lastCheckedAt?: string;
  /** The last recorded change of its text a reader would hear about, with its summary when one was alerted. */
  lastChange?: { at: string; headline?: string };
}

const LABEL: Record<ClaimReportEntry['status'], string> = { verified: 'verified', reworded: 'reworded', missing: 'missing', pending: 'pending' };

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : undefined);

/** The page's stylesheet; serve links it from /assets/ rather than inlining it. */
export const STATUS_PAGE_CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #fff; --line: #d0d7de; --card: #f6f8fa;
  --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --wait: #6e7781; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --line: #30363d; --card: #161b22;
  --ok: #3fb950; --warn: #d29922; --bad: #f85149; --wait: #9198a1; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0; }
h2 { font-size: 1.1rem; margin: 2rem 0 0.5rem; overflow-wrap: anywhere; }
a { color: inherit; }
.summary { font-size: 1.15rem; font-weight: 600; margin: 0.25rem 0 0.5rem; }
.counts { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; padding: 0; margin: 0 0 1rem; }
.counts li { border: 1px solid var(--line); border-radius: 999px; padding: 0.1rem 0.7rem; font-size: 0.9rem; }
.claims { list-style: none; padding: 0; margin: 0; }
.claim { border: 1px solid var(--line); border-left-width: 4px; border-radius: 6px; background: var(--card); padding: 0.6rem 0.8rem; margin: 0 0 0.6rem; }
.claim.verified { border-left-color: var(--ok); } .claim.reworded { border-left-color: var(--warn); }
.claim.missing { border-left-color: var(--bad); } .claim.pending { border-left-color: var(--wait); }
.status { display: inline-block; font-size: 0.75rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; margin-right: 0.4rem; }
.verified .status { color: var(--ok); } .reworded .status { color: var(--warn); } .missing .status { color: var(--bad); } .pending .status { color: var(--wait); }
blockquote { margin: 0.3rem 0; padding: 0; font-size: 1rem; overflow-wrap: anywhere; }
.meta, .now { color: var(--muted); font-size: 0.875rem; margin: 0.2rem 0 0; overflow-wrap: anywhere; }
footer { color: var(--muted); font-size: 0.8rem; margin: 2rem 0 1rem; border-top: 1px solid var(--line); padding-top: 0.5rem; }
.docs { list-style: none; padding: 0; margin: 0; }
.doc { border-bottom: 1px solid var(--line); padding: 0.5rem 0; }
.doc-title { font-weight: 600; overflow-wrap: anywhere; }
.change { margin: 0.2rem 0 0; overflow-wrap: anywhere; }
.site-nav { border-bottom: 1px solid var(--line); }
.site-nav ul { max-width: 52rem; margin: 0 auto; padding: 0.5rem 1rem; list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }
.site-nav a { display: inline-block; padding: 0.35rem 0; }
.site-nav a[aria-current="page"] { font-weight: 700; }
`;

function claimItem(c: ClaimReportEntry, onPage?: string): string {
  const status = LABEL[c.status];
  const what = c.kind === 'effective-date' ? 'Effective date the guide states' : c.kind === 'label' ? 'Label' : '';
  const meta: string[] = [];
  const verified = day(c.verifiedAt);
  if (c.status === 'pending') meta.push('Not checked yet');
  else meta.push(verified ? `Verified on ${verified}` : 'Never verified');
  if (c.status !== 'verified' && c.status !== 'pending' && day(c.checkedAt)) meta.push(`checked ${day(c.checkedAt)}`);
  if (onPage) meta.push(`on ${htmlText(onPage)}`);
  if (c.guide?.section) meta.push(`quoted in “${htmlText(c.guide.section)}”`);
  const now =
    c.status === 'reworded' && c.currentWording
      ? `<p class="now">The page now says: “${htmlText(c.currentWording)}”</p>`
      : c.status === 'missing'
        ? `<p class="now">${c.kind === 'effective-date' ? 'The page states no effective date.' : 'Nothing close is on the page now.'}</p>`
        : '';
  return (
    `<li class="claim ${status}" id="claim-${htmlText(c.docId)}-${htmlText(c.id)}">` +
    `<span class="status">${status}</span>${what ? `<span class="meta">${what}</span>` : ''}` +
    `<blockquote>“${htmlText(c.quote)}”</blockquote>` +
    now +
    `<p class="meta">${meta.join(' · ')}</p></li>`
  );
}

function navHtml(nav: StatusPageOptions['nav']): string {
  if (!nav?.length) return '';
  const items = nav.map((n) => `<li><a href="${htmlText(n.href)}"${n.current ? ' aria-current="page"' : ''}>${htmlText(n.label)}</a></li>`).join('');
  return `<header class="site-nav"><nav aria-label="Site"><ul>${items}</ul></nav></header>\n`;
}

function documentsSection(documents: readonly DocumentStatus[]): string {
  const items = documents.map((d) => {
    const href = httpUrl(d.url);
    const name = href ? `<a href="${htmlText(href)}">${htmlText(d.title)}</a>` : htmlText(d.title);
    const checked = d.lastCheckedAt ? `Last checked ${htmlText(day(d.lastCheckedAt) ?? '')}` : 'Not checked yet';
    const change = d.lastChange
      ? `<p class="change">Last change ${htmlText(day(d.lastChange.at) ?? '')}${d.lastChange.headline ? `: ${htmlText(d.lastChange.headline)}` : ''}</p>`
      : `<p class="meta">No change recorded since watching began.</p>`;
    return `<li class="doc" id="doc-${htmlText(d.id)}"><span class="doc-title">${name}</span><p class="meta">${checked}</p>${change}</li>`;
  });
  return `<section aria-labelledby="docs-heading"><h2 id="docs-heading">Watched documents (${documents.length})</h2><ul class="docs">${items.join('')}</ul></section>`;
}

export function renderStatusPage(
  report: ClaimsReport,
  documents: ReadonlyArray<Pick<DocumentConfig, 'id' | 'title' | 'url'>>,
  options: StatusPageOptions = {},
): string {
  const title = options.title ?? 'The guide’s quoted claims';
  const order = new Map(documents.map((d, i) => [d.id, i]));
  const byDoc = new Map<string, ClaimReportEntry[]>();
  for (const c of report.claims) byDoc.set(c.docId, [...(byDoc.get(c.docId) ?? []), c]);
  const docIds = [...byDoc.keys()].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9));
  const count = (s: ClaimReportEntry['status']) => report.claims.filter((c) => c.status === s).length;
  const counts = (['verified', 'reworded', 'missing', 'pending'] as const)
    .filter((s) => count(s) > 0)
    .map((s) => `<li>${count(s)} ${s}</li>`)
    .join('');
  const attention = report.claims.filter((c) => c.status === 'reworded' || c.status === 'missing');
  const sections = docIds.map((docId) => {
    const claims = byDoc.get(docId) ?? [];
    const doc = documents.find((d) => d.id === docId);
    const name = htmlText(doc?.title ?? claims[0]?.docTitle ?? docId);
    const href = httpUrl(doc?.url ?? claims[0]?.url);
    const heading = href ? `<a href="${htmlText(href)}">${name}</a>` : name;
    return `<section><h2>${heading}</h2><ul class="claims">${claims.map((c) => claimItem(c)).join('')}</ul></section>`;
  });
  const guide = httpUrl(options.guideUrl);
  const report_ = options.reportHref ? ` · <a href="${htmlText(options.reportHref)}">claims.json</a>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlText(title)}: ${htmlText(claimsHeadline(report))}</title>
${options.stylesheetHref ? `<link rel="stylesheet" href="${htmlText(options.stylesheetHref)}">` : `<style>${STATUS_PAGE_CSS}</style>`}
</head>
<body>
${navHtml(options.nav)}<main id="main">
<h1>${htmlText(title)}</h1>
<p class="summary state-${overallState(report)}">${htmlText(claimsHeadline(report))}</p>
${counts ? `<ul class="counts">${counts}</ul>` : ''}
<p class="meta">Each sentence the guide quotes is looked for on its page on every run.${guide ? ` <a href="${htmlText(guide)}">Read the guide</a>.` : ''}</p>
${options.documentsStatus ? documentsSection(options.documentsStatus) : ''}
${attention.length > 0 ? `<section><h2>Needs attention (${attention.length})</h2><ul class="claims">${attention.map((c) => claimItem(c, documents.find((d) => d.id === c.docId)?.title ?? c.docTitle ?? c.docId)).join('')}</ul></section>` : ''}
${sections.join('\n')}
<footer>Generated by policywatch on ${htmlText(day(report.generatedAt) ?? '')}${report_}.</footer>
</main>
</body>
</html>
`;
}
