/**
 * What a run that extracts nothing needs to know of the rules: their fingerprint (registry.ts rulesFingerprint), to
 * tell stored text extracted under other rules, and their ids, to validate a document's `disable:`. It changes when a
 * rule is added, removed, reordered or has its version bumped; the orchestrator then re-extracts stored raw HTML so
 * that old and new snapshots compare under the same rules.
 *
 * The build computes both from the registry and writes them in (scripts/build.mjs defines __POLICYWATCH_RULES__), so
 * a check whose pages all answer 304 loads neither the HTML parser nor the rules' own code; test/cli/built.test.ts
 * holds the built values to the registry's. From the sources (tests, tsx) they come from the registry itself.
 */
declare const __POLICYWATCH_RULES__: { version: string; ids: string[] } | undefined;

const built = typeof __POLICYWATCH_RULES__ === 'object' ? __POLICYWATCH_RULES__ : undefined;
const registry = built ? undefined : await import('./registry.ts');

export const RULES_VERSION: string = built ? built.version : registry!.rulesFingerprint();
export const RULE_IDS: readonly string[] = built ? built.ids : registry!.RULE_IDS;
