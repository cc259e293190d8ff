import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository the benches run from. */
export const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The built CLI the benches run as users do (POLICYWATCH_CLI: another build, for a before-and-after). */
export const builtCli = resolve(process.env.POLICYWATCH_CLI ?? join(repoRoot, 'dist/cli.js'));
