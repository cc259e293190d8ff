import { z } from '../shared/zod.ts';
import { TopicSchema } from '../config/schema.ts';
import { PolicywatchError } from '../shared/errors.ts';

/**
 * claims.json: the machine-readable report each run writes, for a website or the guide itself ("confirmed on
 * 2026-11-22"). The published JSON Schema (config/schema/claims-report.schema.json) is generated from this schema.
 */

export const CLAIMS_REPORT_VERSION = 1;

export const CLAIM_REPORT_STATUSES = ['verified', 'reworded', 'missing', 'pending'] as const;

const isoTime = z.iso.datetime({ offset: true }).describe('ISO 8601 time');
/** Current reports write days (src/claims/day.ts); reports written before that hold times, still valid. */
const isoDay = z.union([z.iso.date(), isoTime]).describe('A day, YYYY-MM-DD (UTC); reports before version 0.2 hold an ISO 8601 time');

export const WordPartSchema = z
  .object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() })
  .describe('One run of words in a word diff from the quote to the current wording.');

export const ClaimReportEntrySchema = z
  .object({
    id: z.string().min(1),
    docId: z.string().min(1),
    docTitle: z.string().optional(),
    url: z.string().optional().describe('The page the claim is quoted from.'),
    topic: TopicSchema,
    kind: z
      .enum(['quote', 'label', 'effective-date'])
      .optional()
      .describe('quote (when absent): a passage; label: an interface label or name; effective-date: the date the guide states for the page.'),
    quote: z.string().describe('The quote exactly as the guide prints it.'),
    guide: z
      .object({ section: z.string(), anchor: z.string().optional(), alsoIn: z.array(z.string()).optional() })
      .optional()
      .describe("The guide's section that quotes it (and its anchor in an HTML guide)."),
    status: z
      .enum(CLAIM_REPORT_STATUSES)
      .describe(
        'verified: the page says it; reworded: the closest passage is similar but not equal; missing: nothing close; pending: configured but never checked yet (its page was never read, or the quote was just edited).',
      ),
    similarity: z.number().min(0).max(1),
    currentWording: z.string().optional().describe('The matched (verified) or closest (reworded) passage on the page now.'),
    wordDiff: z.array(WordPartSchema).optional(),
    verifiedAt: isoDay.optional().describe('The day of the last run on which the claim was verified (UTC).'),
    checkedAt: isoDay.optional().describe('The day of the last run that checked the claim (UTC; absent while pending).'),
  })
  .describe('One claim the guide quotes.');

export const ClaimsReportSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(CLAIMS_REPORT_VERSION),
    generatedAt: isoDay.describe('The day the report was last written (UTC): it changes at most once a day, so an unchanged run commits nothing.'),
    tool: z.object({ name: z.string(), version: z.string() }).optional(),
    summary: z.object({
      total: z.number().int().min(0),
      verified: z.number().int().min(0),
      reworded: z.number().int().min(0),
      missing: z.number().int().min(0),
      pending: z.number().int().min(0).optional().describe('Written by every current version; absent in older reports.'),
    }),
    claims: z.array(ClaimReportEntrySchema),
  })
  .describe('policywatch claims report: the status of every quoted claim.');

export type ClaimsReport = z.infer<typeof ClaimsReportSchema>;
export type ClaimReportEntry = z.infer<typeof ClaimReportEntrySchema>;

export class ClaimsReportError extends PolicywatchError {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/** Validates a parsed claims.json; throws ClaimsReportError listing each problem with its path. */
export function parseClaimsReport(data: unknown): ClaimsReport {
  const result = ClaimsReportSchema.safeParse(data);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new ClaimsReportError('claims report does not match its schema', problems, { cause: result.error });
}

/**
 * Reads claims.json as stored at `path`. A ClaimsReportError names the file, each problem and the fix: the report
 * is derived from snapshots/_records, so the next check writes it again (and nothing reads it to decide anything).
 */
export function parseClaimsReportFile(text: string, path: string): ClaimsReport {
  const fix = `It was left as it is; the next \`policywatch check\` writes it again from snapshots/_records, or restore it from git (git checkout -- ${path})`;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ClaimsReportError(`${path}: the claims report is not valid JSON. ${fix}`, [(error as Error).message], { cause: error });
  }
  try {
    return parseClaimsReport(data);
  } catch (error) {
    if (!(error instanceof ClaimsReportError)) throw error;
    throw new ClaimsReportError(`${path}: the claims report does not match its schema. ${fix}`, error.problems, { cause: error });
  }
}

/** The published JSON Schema, for consumers of claims.json. */
export function claimsReportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ClaimsReportSchema, { target: 'draft-2020-12' }),
    title: 'policywatch claims report (claims.json)',
  };
}
