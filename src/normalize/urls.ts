/**
 * Link targets are part of the policy ("see https://…"), so they are kept, but in a stable form: absolute, without
 * tracking parameters, without query values shaped like rotating tokens (session and device ids, signatures, signed
 * media URLs), without rotating redirect tokens, and with Cloudflare-obfuscated addresses decoded. The host and the
 * path always stay: a changed target is a change.
 */

const TRACKING_PARAMS = new Set([
  'gclid', 'gclsrc', 'dclid', 'fbclid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id', 'igshid', 'mc_cid',
  'mc_eid', '_hsenc', '_hsmi', '__hstc', '__hssc', '__hsfp', 'hsctatracking', '_ga', '_gl', 'mkt_tok', 'oly_anon_id',
  'oly_enc_id', 'vero_id', 'wickedid', 'rb_clickid', 's_cid', 'ref_src', 'trk', 'trkcampaign', 'jsessionid',
  'phpsessid', 'sessionid', 'session_id', 'aspsessionid', 'cfid', 'cftoken', 'sid_token',
]);
// Servlet-style session ids ride in the path (";jsessionid=…"), not in the query.
const PATH_SESSION = /;(?:jsessionid|phpsessid|sessionid|sid)=[^/?#;]*/gi;
// A path segment such as "website.v1.3f2c…-…": a per-render token of a tracking redirector.
const REDIRECT_TOKEN = /^[a-z][a-z0-9_-]*\.v\d+\.[0-9a-f][0-9a-f-]{7,}$/i;
const WRAPPED_TARGET_KEYS = ['url', 'u', 'target', 'to', 'dest', 'destination', 'redirect', 'redirect_url', 'q'];

// A query value that rotates between fetches has the shape of a machine token, never of a word a reader could name:
// a UUID, a long hex or base64 run, a JSON Web Token, or an embedded URL that itself carries such tokens (a signed
// media URL inside a redirect). Words, slugs, language codes and plain numbers (?lang=en, ?section=privacy, ?id=123)
// are targets and stay. A signature (a long hex or random run, a JWT) makes the whole query a signed envelope around
// the host and path: its dates, expiries and key ids rotate with it, so the whole query goes.
const UUID = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;
const HEX = /^(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{16,}$/i;
const JWT = /^eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*$/;
const TOKEN_CHARS = /^[A-Za-z0-9+/=_.~-]{20,}$/;
// Words as a reader writes them: a capitalized or lowercase word, an acronym, a number.
const FRAGMENT = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g;
const SIGNATURE_LENGTH = 32;

/**
 * The letters and digits of a long run that falls apart into fragments of two or three characters when read as
 * words ("Uc49XjilbnkQ7kNvwFzXD_b"); 0 for words, slugs and CamelCase names, which read as words of four or more
 * ("2.subpage.6-HowWeUseLocation", "privacy_policy_inline_text"). Shorter opaque ids (an 18-character record id)
 * are not counted: they more often name a target than rotate.
 */
function randomLength(value: string): number {
  if (!TOKEN_CHARS.test(value)) return 0;
  const fragments = value.match(FRAGMENT) ?? [];
  const letters = fragments.reduce((n, f) => n + f.length, 0);
  return letters >= 20 && letters / fragments.length <= 3 ? letters : 0;
}

/** An embedded absolute URL that carries a token: a signed or session-bound address, not a stable target. */
function isSignedUrl(value: string, depth: number): boolean {
  if (depth > 2 || !/^https?:\/\//i.test(value) || !URL.canParse(value)) return false;
  return [...new URL(value).searchParams.values()].some((v) => tokenShape(v, depth + 1) !== undefined);
}

/**
 * The token shape of a query value (already percent-decoded): 'signature' for a value that signs the URL it is in,
 * 'token' for a rotating id or an embedded signed URL, undefined for a value a reader could name.
 */
export function tokenShape(value: string, depth = 0): 'signature' | 'token' | undefined {
  const v = value.trim();
  if (v.length < 16) return undefined;
  // A UUID names a session, a device or a record; it signs nothing.
  if (UUID.test(v)) return 'token';
  if (JWT.test(v) || (HEX.test(v) && v.length >= SIGNATURE_LENGTH) || randomLength(v) >= SIGNATURE_LENGTH) return 'signature';
  return HEX.test(v) || randomLength(v) > 0 || isSignedUrl(v, depth) ? 'token' : undefined;
}

/** The query without tracking parameters and rotating tokens; no query at all when a signature signs it. */
function stableQuery(url: URL): void {
  const shapes = [...url.searchParams].map(([name, value]) => ({ name, value, shape: tokenShape(value) }));
  if (shapes.some((p) => p.shape === 'signature')) {
    url.search = '';
    return;
  }
  const dropped = shapes.filter((p) => p.shape === 'token' || isTrackingParam(p.name));
  // Only re-serialize the query when something was removed: re-encoding alone would change the text.
  if (dropped.length === 0) return;
  for (const p of dropped) url.searchParams.delete(p.name, p.value);
  if (url.searchParams.size === 0) url.search = '';
}

function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('utm_') || n.startsWith('pk_') || TRACKING_PARAMS.has(n);
}

function unwrapRedirect(url: URL): URL {
  const segments = url.pathname.split('/');
  const tokenAt = segments.findIndex((s) => REDIRECT_TOKEN.test(s));
  if (tokenAt < 0 && !/\/(?:redirect|url|out|l)\b/i.test(url.pathname)) return url;
  const rest = tokenAt >= 0 ? segments.slice(tokenAt + 1).join('/') : '';
  const candidates = [rest, ...WRAPPED_TARGET_KEYS.map((k) => url.searchParams.get(k) ?? '')];
  for (const c of candidates) {
    let decoded = c;
    try {
      decoded = decodeURIComponent(c);
    } catch {
      // keep the raw text: a malformed escape is not a target
    }
    if (/^https?:\/\//i.test(decoded) && URL.canParse(decoded)) return new URL(decoded);
  }
  if (tokenAt >= 0) {
    const stable = new URL(url.href);
    stable.pathname = segments.filter((_, i) => i !== tokenAt).join('/');
    return stable;
  }
  return url;
}

/** Decodes a Cloudflare `data-cfemail` / `#hex` payload (XOR with the first byte). */
export function decodeCfEmail(hex: string): string | undefined {
  if (!/^(?:[0-9a-f]{2}){2,}$/i.test(hex)) return undefined;
  const key = parseInt(hex.slice(0, 2), 16);
  const bytes = new Uint8Array(hex.length / 2 - 1);
  for (let i = 2; i < hex.length; i += 2) bytes[i / 2 - 1] = parseInt(hex.slice(i, i + 2), 16) ^ key;
  const email = new TextDecoder().decode(bytes);
  return /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(email) ? email : undefined;
}

const FOLLOWABLE = new Set(['http:', 'https:', 'mailto:', 'tel:']);

function leadsNowhere(raw: string): boolean {
  return !raw || raw.startsWith('#') || /^(?:javascript|data|blob|about):/i.test(raw);
}

function target(raw: string, base: string): URL | undefined {
  if (leadsNowhere(raw) || !URL.canParse(raw, base)) return undefined;
  const url = new URL(raw, base);
  return FOLLOWABLE.has(url.protocol) ? url : undefined;
}

/** A link target made absolute, nothing else: what links become when a document disables the link-targets rule. */
export function plainUrl(href: string, base: string): string | undefined {
  return target(href.trim(), base)?.href;
}

/**
 * The stable absolute form of a link target, or undefined for targets that lead nowhere a reader can follow
 * (in-page anchors, javascript:, unparsable).
 */
export function normalizeUrl(href: string, base: string): string | undefined {
  const raw = href.trim();
  if (leadsNowhere(raw)) return undefined;
  const cf = /\/cdn-cgi\/l\/email-protection[^#]*#([0-9a-f]+)/i.exec(raw);
  if (cf?.[1]) {
    const email = decodeCfEmail(cf[1]);
    return email ? `mailto:${email}` : undefined;
  }
  let url = target(raw, base);
  if (!url) return undefined;
  if (url.protocol === 'mailto:' || url.protocol === 'tel:') return url.href;
  // A tracking redirect may wrap another one (a mail link to a redirecting short link): unwrap a few levels.
  for (let i = 0; i < 3; i++) {
    const inner = unwrapRedirect(url);
    if (inner.href === url.href) break;
    url = inner;
  }
  if (url.pathname.includes(';')) url.pathname = url.pathname.replace(PATH_SESSION, '');
  stableQuery(url);
  return url.href;
}
