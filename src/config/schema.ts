import { z } from '../shared/zod.ts';
import { RULE_IDS } from '../normalize/version.ts';

/**
 * The config files' schema. JSON Schema for editors is generated from these same definitions
 * (`npm run schema`), so the two can never disagree.
 */

/**
 * The topics of the bundled guide (AI chat privacy). A tracker declares its own once, under `topics:` in
 * policywatch.yaml; documents, claims and subscribers may name only those (config/load.ts checks).
 */
export const DEFAULT_TOPICS = [
  'training',
  'retention',
  'human-review',
  'deletion',
  'telemetry',
  'zdr',
  'location',
  'export',
  'legal-requests',
  'sharing',
  'sub-processors',
  'age',
  'terms',
  'privacy',
  'usage-policy',
] as const;
export type DefaultTopic = (typeof DEFAULT_TOPICS)[number];

const idPattern = /^[a-z0-9][a-z0-9-]*$/;

/** A topic name as written in a file; whether it is declared is checked against the settings. */
export const TopicSchema = z
  .string()
  .regex(idPattern, 'use lowercase letters, digits and dashes, e.g. "cookies"')
  .max(40, 'keep it to 40 characters at most (it becomes the GitHub label "topic:<name>")')
  .describe('What the text is about, one of the topics declared in policywatch.yaml; subscribers can follow topics.')
  .meta({ examples: [...DEFAULT_TOPICS] });
export type Topic = string;

export const RuleIdSchema = z
  .enum(RULE_IDS as [string, ...string[]])
  .describe('An extraction rule id, as `policywatch explain` lists them.');

export const CLAIM_KINDS = ['quote', 'label'] as const;

/** Where the guide quotes a claim, so an alert can tell the maintainer which part of the guide to edit. */
export const ClaimGuideSchema = z
  .object({
    section: z.string().min(1).describe('The heading of the guide section that quotes it.'),
    anchor: z.string().min(1).optional().describe('The id of that section in an HTML guide (for a link: guide.html#anchor).'),
    alsoIn: z.array(z.string().min(1)).optional().describe('Other sections that quote it too.'),
  })
  .strict();

export const ClaimSchema = z
  .object({
    id: z.string().regex(idPattern, 'use lowercase letters, digits and dashes, e.g. "consumer-30-day-deletion"').describe('Stable id, unique within the document.'),
    quote: z.string().min(2, 'quote the text exactly as the guide prints it').describe('The text exactly as the guide prints it; verified against the page on every run.'),
    topic: TopicSchema,
    kind: z
      .enum(CLAIM_KINDS)
      .optional()
      .describe('quote (default): a sentence or phrase of the page. label: an interface label or name, verified when present, otherwise missing (never "reworded").'),
    match: z
      .string()
      .min(2)
      .optional()
      .describe('The quote in its tolerant matching form, when the guide marked it editorially: "[s]" stands for up to three words the guide changed (or none), "…" for words it left out within the same paragraph. Written by `guide import`.'),
    guide: ClaimGuideSchema.optional(),
  })
  .strict()
  .superRefine((claim, ctx) => {
    if (claim.kind !== 'label' && claim.quote.length < 8) {
      ctx.addIssue({ code: 'custom', path: ['quote'], message: 'quote the sentence exactly as the guide prints it (at least 8 characters), or mark a short interface label with kind: label' });
    }
  })
  .describe('A sentence the published guide quotes from this document; verified on every run.');
export type ClaimConfig = z.infer<typeof ClaimSchema>;

export const DocumentSchema = z
  .object({
    id: z
      .string()
      .regex(idPattern, 'use lowercase letters, digits and dashes, e.g. "privacy-policy"')
      // GitHub label names stop at 50 characters, and the label is "doc:<id>".
      .max(46, 'keep it to 46 characters at most (it becomes the GitHub label "doc:<id>")')
      .describe('Stable id: names the snapshot folder and the GitHub label doc:<id>.'),
    title: z.string().min(1).describe('Human title used in alerts.'),
    url: z.url({ protocol: /^https?$/, error: 'give an absolute http(s) URL' }).describe('The page, as an absolute http(s) URL; redirects are followed (a move to another host is reported once).'),
    select: z
      .array(z.string().min(1))
      .optional()
      .describe('CSS selectors of the main content. When none matches, the defaults are used and maintainers are told.'),
    remove: z.array(z.string().min(1)).default([]).describe('CSS selectors of page chrome to drop before extraction.'),
    disable: z
      .array(RuleIdSchema)
      .optional()
      .describe(
        'Extraction rules turned off for this document, when one removes real text on this page (`policywatch explain <id>` shows what each removed). Prefer fixing the rule: it would misjudge other pages too.',
      ),
    render: z.enum(['http', 'browser']).default('http').describe('browser: render with headless Chromium (JavaScript pages).'),
    browserFallback: z
      .boolean()
      .default(true)
      .describe('Retry once with the browser when plain HTTP is bot-blocked or returns an empty client-side shell.'),
    acceptLanguage: z.string().optional().describe('Accept-Language header for this page, e.g. "en-US,en;q=0.9" (default: English).'),
    topics: z.array(TopicSchema).default([]).describe('What the page is about (declared topics): subscribers who follow a topic hear about its changes.'),
    claims: z.array(ClaimSchema).default([]).describe('Sentences the guide quotes from this page; `guide import` writes them.'),
    guide: z
      .object({
        effectiveDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD, e.g. "2026-01-12"').describe('The effective date the guide states for this page.'),
        section: z.string().min(1).optional().describe('The guide section that states it.'),
      })
      .strict()
      .optional()
      .describe('What the guide says about the page as a whole; a page whose effective date differs is a claim change.'),
  })
  .strict();
export type DocumentConfig = z.infer<typeof DocumentSchema>;
export type DocumentInput = z.input<typeof DocumentSchema>;

export const DocumentsFileSchema = z
  .object({
    $schema: z.string().optional(),
    documents: z.array(DocumentSchema).min(1, 'list at least one document under "documents:"'),
  })
  .strict();

export const SettingsSchema = z
  .object({
    $schema: z.string().optional(),
    topics: z
      .array(TopicSchema)
      .min(1, 'declare at least one topic, or leave "topics" out for the defaults')
      .default([...DEFAULT_TOPICS])
      .describe('The topics documents, claims and subscribers may name; declared once here. Default: the bundled guide\'s 15 topics.'),
    userAgent: z
      .object({
        product: z.string().default('policywatch').describe('The product name in the User-Agent header.'),
        contact: z
          .string()
          .default('https://github.com/policywatch/policywatch')
          .describe('A URL or address in the User-Agent header, so site owners who see the requests can reach you: set it to your tracker.'),
      })
      .strict()
      .prefault({}),
    http: z
      .object({
        timeoutMs: z.number().int().positive().default(30_000).describe('Time for a whole response, in milliseconds.'),
        connectTimeoutMs: z.number().int().positive().default(10_000).describe('Time to connect, in milliseconds.'),
        retries: z.number().int().min(0).max(10).default(3).describe('Retries of a failed fetch (timeouts, 5xx, 429), with backoff and Retry-After.'),
        maxBytes: z.number().int().positive().default(10 * 1024 * 1024).describe('Largest response body read; a bigger page is a failure.'),
        maxRedirects: z.number().int().min(0).max(20).default(5).describe('Redirects followed per fetch.'),
        allowPrivateNetwork: z
          .boolean()
          .default(false)
          .describe('Allow loopback, private and link-local addresses (tests and intranets only).'),
        concurrency: z.number().int().positive().default(16).describe('Documents fetched at once, all hosts together.'),
        perHost: z.number().int().positive().default(2).describe('Requests at once to one host (politeness).'),
        hostDelayMs: z.number().int().min(0).default(250).describe('Pause between two requests to one host, in milliseconds (politeness).'),
      })
      .strict()
      .prefault({}),
    browser: z
      .object({
        executablePath: z
          .string()
          .optional()
          .describe('Chromium binary for render: browser (POLICYWATCH_CHROMIUM wins; default: Playwright\'s browser, then /usr/bin/chromium).'),
        pages: z.number().int().positive().default(2).describe('Pages rendered at once in the shared browser.'),
        timeoutMs: z.number().int().positive().default(30_000).describe('Time to load and render a page, in milliseconds.'),
      })
      .strict()
      .prefault({}),
    confirm: z
      .object({
        changes: z
          .enum(['refetch', 'next-run', 'off'])
          .default('refetch')
          .describe(
            'How a substantive change first seen is confirmed before anyone is told. refetch: the page is fetched again in the same run (no conditional headers, after refetchDelayMs, within the per-host limits); the same text confirms it, the old text back makes it a flip-flop that records nothing, a third text is judged against the old one. next-run: the next run fetches it again (replay always works this way: the next snapshot decides). off: alerted on first sight. A change is never held longer than one run; when the re-fetch fails, the first sighting is alerted.',
          ),
        refetchDelayMs: z.number().int().min(0).max(120_000).default(3_000).describe('Wait before the confirming re-fetch, in milliseconds.'),
      })
      .strict()
      .prefault({}),
    failures: z
      .object({
        threshold: z.number().int().positive().default(3).describe('Consecutive failed runs before maintainers are told.'),
      })
      .strict()
      .prefault({}),
    github: z
      .object({
        repository: z
          .string()
          .regex(/^[\w.-]+\/[\w.-]+$/, 'write it as "owner/repo"')
          .optional()
          .describe('Where issues go; GITHUB_REPOSITORY wins when set.'),
        apiUrl: z.url().optional().describe('GitHub Enterprise API base URL, e.g. https://ghe.example.com/api/v3'),
        notifyFormatting: z.boolean().default(false).describe('Also open issues for formatting-only changes (recorded either way).'),
      })
      .strict()
      .prefault({}),
    email: z
      .object({
        from: z
          .string()
          .min(3)
          .optional()
          .describe('Sender of subscriber email, e.g. "Acme privacy guide <guide@acme.org>": an address your SMTP server may send from. Required when SMTP is configured; .eml drafts without it use policywatch@localhost.'),
        unsubscribeUrlBase: z.url().optional().describe('One-click unsubscribe link: the subscriber\'s token is appended (e.g. https://guide.example/unsubscribe?token=).'),
        unsubscribeMailto: z.string().optional().describe('Address unsubscribe requests go to (default: the sender).'),
        ratePerSecond: z.number().positive().default(5).describe('Messages per second over SMTP (below 1: one every 1/rate seconds).'),
        bounceThreshold: z.number().int().positive().default(3).describe('Rejected deliveries in a row before a subscriber is marked bounced.'),
        subscribersFile: z.string().default('subscribers.json.enc').describe('The encrypted subscriber list (key: POLICYWATCH_SUBSCRIBERS_KEY), committed with the snapshots.'),
        subscriberStore: z
          .enum(['auto', 'sqlite', 'file'])
          .default('auto')
          .describe('Where subscribers live: sqlite (the database at paths.database, what `serve` uses), file (the encrypted subscribersFile, for GitHub Actions), or auto: the database when it exists, else the file.'),
      })
      .strict()
      .prefault({}),
    paths: z
      .object({
        snapshots: z.string().default('snapshots').describe('Where snapshots and records are kept (committed).'),
        outbox: z.string().default('outbox').describe('Where issue drafts and .eml files go when no credentials are set (not committed).'),
        claimsReport: z.string().default('claims.json').describe('The claims report: every claim, its status and the day it was last verified (committed).'),
        statusPage: z.string().default('claims.html').describe('The published status page of the claims (plain HTML), beside claims.json.'),
        badge: z.string().default('claims-badge.json').describe('The shields.io endpoint badge JSON of the claims.'),
        database: z.string().default('policywatch.db').describe('The SQLite database of `serve`: subscribers, alerts for the feeds, the status pushed by a workflow.'),
      })
      .strict()
      .prefault({}),
    serve: z
      .object({
        publicUrl: z
          .url({ protocol: /^https?$/, error: 'give the absolute http(s) URL readers reach serve at, e.g. "https://alerts.example.org"' })
          .optional()
          .describe('Where readers reach `serve` (links in confirmation and alert emails). Default: http://localhost:<port>.'),
        title: z.string().min(1).default('policywatch').describe('The site name shown on every page.'),
        guideUrl: z.url({ protocol: /^https?$/ }).optional().describe('The guide these pages belong to (linked from every page).'),
        allowedOrigins: z
          .array(z.url({ protocol: /^https?$/ }))
          .default([])
          .describe('Sites whose pasted subscribe form may post to /subscribe, e.g. ["https://guide.example.org"].'),
        trustProxy: z
          .union([z.boolean(), z.number().int().min(1)])
          .default(false)
          .describe('Behind a reverse proxy: true, or the number of proxies, so client addresses and https are read from X-Forwarded-*.'),
        confirmHours: z.number().positive().default(48).describe('How long a confirmation link works.'),
        linkDays: z.number().positive().default(365).describe('How long the unsubscribe and preferences links of an email work.'),
        limits: z
          .object({
            subscribePerRange: z.number().int().positive().default(10).describe('Subscribe requests per minute from one address range (IPv4 /24, IPv6 /56).'),
            subscribePerAddress: z.number().int().positive().default(3).describe('Subscribe requests per hour for one email address.'),
            requestsPerIp: z.number().int().positive().default(300).describe('Requests per minute from one client address, any route.'),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;
