/**
 * The numbers the rules decide by, named once. Sizes are characters of visible text (sizes.ts); shares are of the
 * page's or the content root's text as measured when the phase (or scan) began.
 */

/** A block whose text is at least this share links reads as navigation (link farms, pagers, related lists). */
export const LINK_DENSE = 0.85;

// Controls and pickers
/** Longer labels are prose, not a button's label. */
export const CONTROL_LABEL_MAX = 40;
/** A picker goes with the wrapper that shows its current value, while that wrapper stays this short. */
export const PICKER_LABEL_MAX = 40;
/** A consent banner is at most this long: a cookie policy is longer. */
export const CONSENT_MAX = 1500;
/** A dismissible bar (announcement, toast) is at most this long. */
export const BAR_MAX = 300;

// Hidden text
/** Screen-reader-only text longer than this is a hidden copy of content (a full list), not a hint like "Opens in new tab". */
export const VISUALLY_HIDDEN_MAX = 200;

// Widgets around a text box
/** An assistant's question box, a search or subscribe box: the prompt, the box and its buttons stay under this. */
export const INPUT_WIDGET_MAX = 300;
/** …made of lines no longer than this: a longer paragraph beside the box is prose of the document. */
export const WIDGET_LINE_MAX = 120;

// Landmarks
/** An <aside> inside the content with this much prose of its own is the document's callout ("In short: …"). */
export const CALLOUT_PROSE = 100;

// Chrome named by class or id
/** Named chrome is a small part of the content root. */
export const NAMED_CHROME_MAX_SHARE = 0.4;
/** A named block with a heading and this much prose of its own is a section of the document. */
export const SECTION_PROSE = 60;
/** A named block without a heading and this much prose is a paragraph of the document. */
export const BLOCK_PROSE = 150;

// Link farms
export const LINK_FARM_MIN_LINKS = 6;
/** A link farm may outweigh a short article, as long as this much text remains beside it… */
export const LINK_FARM_REST_MIN = 200;
/** …and this share of the root. */
export const LINK_FARM_REST_SHARE = 0.1;

// In-page tables of contents
export const TOC_MIN_LINKS = 3;
/** This share of a contents block's entries name a heading of the page or point at one. */
export const TOC_MIRRORED_SHARE = 0.6;
/** Text beside the links of a contents block: its label. */
export const TOC_LABEL_MAX = 40;

// Navigation marking the current page (tabs, a hub's document switcher)
export const STRIP_MAX_ITEMS = 20;
/** Text beside a strip's items: a label or separators. */
export const STRIP_LABEL_MAX = 40;
/** The portal's or hub's header above such navigation (its name, a welcome paragraph) is at most this long. */
export const HERO_MAX = 600;

// Records shown twice (a paginated table beside a hidden full list)
export const RECORDS_MIN_ROWS = 2;
export const RECORDS_MIN_TEXT = 40;

// Content root
/** A landmark (main, article) is the root only when it holds this share of the page's text. */
export const LANDMARK_MIN_SHARE = 0.25;
/** The root narrows to a child that holds this share of its text. */
export const DOMINANT_SHARE = 0.9;
/** …unless the siblings before that child hold this many characters of prose outside links (the document's introduction). */
export const NARROW_PROSE_MIN = 100;
/** Widening to the h1 may grow the root by this factor… */
export const WIDEN_MAX_GROWTH = 1.25;
/** …plus this many characters. */
export const WIDEN_MAX_EXTRA = 300;

// Widgets inside the content
/** Only blocks shorter than this are judged as widgets. */
export const WIDGET_MAX = 2000;
/** A worded widget climbs to containers that add at most this much text of their own. */
export const WIDGET_CLIMB_SLACK = 30;
export const PREV_NEXT_MAX = 200;
export const AGENT_BLOCK_MAX = 1500;

// Footer lines at the end of the content (no footer landmark)
/** Each trailing line is at most this long. */
export const FOOTER_LINE_MAX = 200;
/** A footer link's label ("Privacy", "LinkedIn", "Responsible disclosure policy"). */
export const FOOTER_LINK_MAX = 30;
/** A tagline beside the © line. */
export const FOOTER_TAGLINE_MAX = 80;

// Breadcrumbs above the title
export const CRUMBS_MAX = 200;
export const CRUMBS_LINK_SHARE = 0.5;
export const CRUMBS_MIN_LINKS = 2;
