import { z } from '../shared/zod.ts';
import type { ClaimsReport } from '../claims/schema.ts';

/**
 * The shields.io endpoint badge (https://shields.io/badges/endpoint-badge): a JSON file shields.io reads to draw
 * "policywatch | 58/58 claims verified · checked 2026-11-30". The schema lists shields.io's documented fields.
 */
export const ShieldsEndpointSchema = z
  .object({
    schemaVersion: z.literal(1),
    label: z.string(),
    message: z.string().min(1),
    color: z.string().optional(),
    labelColor: z.string().optional(),
    isError: z.boolean().optional(),
    namedLogo: z.string().optional(),
    logoSvg: z.string().optional(),
    logoColor: z.string().optional(),
    logoWidth: z.number().optional(),
    style: z.enum(['flat', 'flat-square', 'plastic', 'for-the-badge', 'social']).optional(),
    cacheSeconds: z.number().int().min(300).optional(),
  })
  .strict();
export type ShieldsEndpoint = z.infer<typeof ShieldsEndpointSchema>;

/** The day of the latest check of any claim (YYYY-MM-DD), or undefined when none was ever checked. */
export function lastChecked(report: ClaimsReport): string | undefined {
  const times = report.claims.map((c) => c.checkedAt).filter((t): t is string => t !== undefined).sort();
  return times.at(-1)?.slice(0, 10);
}

export type ClaimsState = 'verified' | 'pending' | 'reworded' | 'missing' | 'none';

/** The worst state among the claims: one missing claim is the headline, whatever the rest say. */
export function overallState(report: ClaimsReport): ClaimsState {
  const has = (status: string) => report.claims.some((c) => c.status === status);
  if (report.claims.length === 0) return 'none';
  if (has('missing')) return 'missing';
  if (has('reworded')) return 'reworded';
  if (has('pending')) return 'pending';
  return 'verified';
}

const COLORS: Record<ClaimsState, string> = { verified: 'brightgreen', pending: 'yellow', reworded: 'orange', missing: 'red', none: 'lightgrey' };

/** "58/58 claims verified · checked 2026-11-30". */
export function claimsHeadline(report: ClaimsReport): string {
  const total = report.claims.length;
  if (total === 0) return 'no claims configured';
  const verified = report.claims.filter((c) => c.status === 'verified').length;
  const day = lastChecked(report);
  return `${verified}/${total} claims verified · ${day ? `checked ${day}` : 'not checked yet'}`;
}

export function badgeJson(report: ClaimsReport, options: { label?: string } = {}): ShieldsEndpoint {
  return ShieldsEndpointSchema.parse({
    schemaVersion: 1,
    label: options.label ?? 'policywatch',
    message: claimsHeadline(report),
    color: COLORS[overallState(report)],
    cacheSeconds: 3600,
  });
}
