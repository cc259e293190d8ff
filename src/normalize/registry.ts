import type { Rule } from './rule.ts';
import { sha256 } from '../shared/hash.ts';
import { cfEmail } from './rules/cf-email.ts';
import { tabPanels } from './rules/tab-panels.ts';
import { streamedSlots } from './rules/streamed-slots.ts';
import { configuredRemove } from './rules/configured-remove.ts';
import { visuallyHidden } from './rules/visually-hidden.ts';
import { iconLigatures } from './rules/icon-ligatures.ts';
import { inputWidgets } from './rules/input-widgets.ts';
import { pickers } from './rules/pickers.ts';
import { consentBanners } from './rules/consent-banners.ts';
import { dismissibleBars } from './rules/dismissible-bars.ts';
import { vendorConsent } from './rules/vendor-consent.ts';
import { inertElements } from './rules/inert-elements.ts';
import { siteHeader } from './rules/site-header.ts';
import { chromeLandmarks } from './rules/chrome-landmarks.ts';
import { otherDocumentBanners } from './rules/other-document-banners.ts';
import { inPageToc } from './rules/in-page-toc.ts';
import { tabStrips } from './rules/tab-strips.ts';
import { duplicateRecords } from './rules/duplicate-records.ts';
import { actionButtons } from './rules/action-buttons.ts';
import { rootLandmark, rootNarrow, rootSelector, rootWidenTitle } from './rules/root.ts';
import { namedChrome } from './rules/named-chrome.ts';
import { linkFarms } from './rules/link-farms.ts';
import { widgetPhrases } from './rules/widget-phrases.ts';
import { prevNext } from './rules/prev-next.ts';
import { agentBlocks } from './rules/agent-blocks.ts';
import { titleCrumbs } from './rules/title-crumbs.ts';
import { footerLines } from './rules/footer-lines.ts';
import { unicodeForms } from './rules/unicode-forms.ts';
import { canonicalDates } from './rules/canonical-dates.ts';
import { relativeTimes } from './rules/relative-times.ts';
import { linkTargets } from './rules/link-targets.ts';

/**
 * Every extraction rule, in the order it runs within its phase (phases run in the order of PHASES). Adding a rule:
 * one file in rules/ and one line here. Block rules next to each other with the same scan share one walk.
 */
export const RULES: readonly Rule[] = [
  // restore
  cfEmail,
  tabPanels,
  streamedSlots,
  // prune: the whole page, before the content root is chosen
  configuredRemove,
  visuallyHidden,
  iconLigatures,
  pickers,
  consentBanners,
  dismissibleBars,
  vendorConsent,
  inputWidgets,
  inertElements,
  siteHeader,
  chromeLandmarks,
  otherDocumentBanners,
  inPageToc,
  tabStrips,
  duplicateRecords,
  actionButtons,
  // root
  rootSelector,
  rootLandmark,
  rootNarrow,
  rootWidenTitle,
  // chrome: inside the content root
  namedChrome,
  linkFarms,
  widgetPhrases,
  prevNext,
  agentBlocks,
  titleCrumbs,
  footerLines,
  // text: while rendering Markdown
  unicodeForms,
  canonicalDates,
  relativeTimes,
  linkTargets,
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

/**
 * Version of what is not a rule: parsing (scripts, styles and comments cut before it), the Markdown renderer, the
 * title and the runner itself. Bump it when a change there alters any output.
 */
export const PIPELINE_VERSION = 2;

/**
 * The rules fingerprint: derived from the pipeline version and every rule's id, phase, position and version, so
 * that adding, removing, reordering or re-versioning a rule changes it, and a cosmetic edit does not. Stored text
 * extracted under another fingerprint is re-extracted (a technical update, never alerted). Golden outputs carry it:
 * a rule whose output changes while the fingerprint stays the same fails the tests (test/normalize/golden.test.ts).
 */
export function rulesFingerprint(rules: readonly Rule[] = RULES): string {
  const parts = [`pipeline@${PIPELINE_VERSION}`, ...rules.map((r) => `${r.phase}/${r.id}@${r.version}`)];
  return sha256(parts.join('\n')).slice(0, 12);
}
