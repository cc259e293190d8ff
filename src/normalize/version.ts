import { rulesFingerprint } from './registry.ts';

/**
 * Version of the extraction rules: the fingerprint of the rule set (registry.ts). It changes when a rule is added,
 * removed, reordered or has its version bumped; the orchestrator then re-extracts stored raw HTML so that old and
 * new snapshots compare under the same rules. Its own module, apart from the runner: a run that extracts nothing
 * (every page answered 304) compares versions without loading the HTML parser.
 */
export const RULES_VERSION: string = rulesFingerprint();
