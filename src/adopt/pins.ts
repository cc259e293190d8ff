/**
 * Third-party actions the generated tracker workflow uses, pinned to a commit (a tag can be moved; a commit
 * cannot). The same pins as this repository's workflows and action.yml, listed in .github/PINNED_ACTIONS.md;
 * test/adopt checks that they agree.
 */
export const CHECKOUT = { action: 'actions/checkout', sha: '08c6903cd8c0fde910a37f88322edcfb5dd907a8', tag: 'v5.0.0' } as const;

export const pinned = (pin: { action: string; sha: string; tag: string }): string => `${pin.action}@${pin.sha} # ${pin.tag}`;
