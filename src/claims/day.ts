/**
 * Claim statuses record the day (UTC, YYYY-MM-DD) a claim was last checked and verified, not the time: the
 * published "verified on" date is a day, and a repository that commits its records then changes at most once a
 * day for it, instead of on every scheduled run. The time of each run is in its report and job summary.
 */
export const claimDay = (at: Date): string => at.toISOString().slice(0, 10);
