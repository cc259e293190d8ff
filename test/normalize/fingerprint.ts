import { readFileSync, writeFileSync } from 'node:fs';
import { RULES_VERSION } from '../../src/normalize/index.ts';

/**
 * Golden outputs carry the rules version they were recorded under. An output that changes while the version stays
 * the same is a rule edit whose version was not bumped: stored snapshots would never be re-extracted, and old and
 * new text would be compared under different rules. That fails, and UPDATE_GOLDEN=1 refuses to record it.
 */

export const UPDATING = process.env.UPDATE_GOLDEN === '1';

export function mismatch(what: string, recordedVersion: string | undefined, detail = ''): string {
  return recordedVersion === RULES_VERSION
    ? `${what} changed but the rules version did not (still ${RULES_VERSION}): bump the \`version\` of the rule you changed ` +
        `(src/normalize/rules/…; PIPELINE_VERSION in registry.ts for a change outside the rules), review, then run UPDATE_GOLDEN=1${detail}`
    : `${what} changed with the rules (${recordedVersion ?? 'unrecorded'} → ${RULES_VERSION}): review the difference, then record it with UPDATE_GOLDEN=1${detail}`;
}

export function stale(what: string, recordedVersion: string | undefined): string {
  return `${what} was recorded under rules ${recordedVersion ?? '(none)'}, not the current ${RULES_VERSION}: run UPDATE_GOLDEN=1 to re-stamp them, ` +
    'so that the next output change without a version bump is caught';
}

export function readJson<T>(path: string, empty: T): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return empty;
  }
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
