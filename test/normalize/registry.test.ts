import { describe, expect, it } from 'vitest';
import { PHASES, PIPELINE_VERSION, RULE_IDS, RULES, RULES_VERSION, rulesFingerprint } from '../../src/normalize/index.ts';

/** The registry's promises: named, ordered, versioned rules, and a rules version that follows them. */

describe('the rule registry', () => {
  it('names every rule once, with a phase, a one-line description and a version', () => {
    expect(new Set(RULE_IDS).size).toBe(RULES.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
      expect(PHASES).toContain(rule.phase);
      expect(rule.description, rule.id).toMatch(/^\S[^\n]{20,300}$/);
      expect(Number.isInteger(rule.version) && rule.version >= 1, rule.id).toBe(true);
      if (rule.kind === 'text') expect(rule.phase).toBe('text');
    }
  });

  it('lists the rules in phase order, so that the list reads as the pipeline runs', () => {
    const order = RULES.map((r) => PHASES.indexOf(r.phase));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('derives the rules version from the rule set: ids, order and versions, never descriptions', () => {
    expect(RULES_VERSION).toBe(rulesFingerprint(RULES));
    expect(RULES_VERSION).toMatch(/^[0-9a-f]{12}$/);
    const bump = (id: string) => RULES.map((r) => (r.id === id ? { ...r, version: r.version + 1 } : r));
    const versions = new Set([RULES_VERSION, ...RULE_IDS.map((id) => rulesFingerprint(bump(id)))]);
    expect(versions.size, 'bumping any one rule changes the fingerprint').toBe(RULES.length + 1);
    expect(rulesFingerprint(RULES.slice(0, -1))).not.toBe(RULES_VERSION);
    expect(rulesFingerprint([RULES[1]!, RULES[0]!, ...RULES.slice(2)])).not.toBe(RULES_VERSION);
    // A reworded description or a refactor that keeps the output does not re-extract every stored snapshot.
    expect(rulesFingerprint(RULES.map((r) => ({ ...r, description: `${r.description}, reworded` })))).toBe(RULES_VERSION);
    expect(PIPELINE_VERSION).toBeGreaterThanOrEqual(1);
  });
});
