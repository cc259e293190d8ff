import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { writeScaffold } from '../../adopt/scaffold.ts';
import { UsageError } from '../../shared/errors.ts';
import { BUILD_COMMIT, PROJECT_REPOSITORY, TOOL_VERSION } from '../../shared/version.ts';

interface InitFlags {
  action?: string;
  force?: boolean;
}

/** The action a new tracker uses: this build's commit when known (a pin), else the version tag (doctor warns). */
export function defaultAction(): { action: string; comment: string } {
  return BUILD_COMMIT
    ? { action: `${PROJECT_REPOSITORY}@${BUILD_COMMIT}`, comment: `v${TOOL_VERSION}` }
    : { action: `${PROJECT_REPOSITORY}@v${TOOL_VERSION}`, comment: 'pin this to the commit SHA of the tag (doctor says how)' };
}

export const registerInit: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('init')
    .description('scaffold a tracker repository: config with an example document, the workflow, .gitignore and SETUP.md')
    .argument('[dir]', 'the repository to set up (created when missing)', '.')
    .option('--action <owner/repo@ref>', `the action the workflow uses (default: ${defaultAction().action})`)
    .option('--force', 'replace files that already exist (default: keep them)')
    .action(async (dir: string, flags: InitFlags) => {
      const root = resolve(ctx.cwd, dir);
      const chosen = flags.action ? { action: flags.action, comment: '' } : defaultAction();
      if (!/^[\w.-]+\/[\w.-]+(?:\/[\w./-]+)?@[\w.-]+$/.test(chosen.action)) {
        throw new UsageError(`--action "${chosen.action}" is not owner/repo@ref; e.g. ${PROJECT_REPOSITORY}@<commit-sha>`);
      }
      const results = await writeScaffold(root, { action: chosen.action, actionComment: chosen.comment, version: TOOL_VERSION, force: flags.force ?? false });
      const shown = relative(ctx.cwd, root) || '.';
      ctx.stdout(`policywatch init: a tracker in ${shown}\n`);
      for (const { path, outcome } of results) ctx.stdout(`  ${outcome.padEnd(8)} ${path}${outcome === 'kept' ? ' (exists; --force replaces it)' : ''}\n`);
      const inside = (path: string) => (shown === '.' ? path : join(shown, path));
      const steps = [
        `edit ${inside('config/documents/example.yaml')}: the pages to watch`,
        `optional: import your guide's quotes: policywatch guide import GUIDE --config ${inside('config')} --dry-run`,
        `policywatch validate --config ${inside('config')} && policywatch doctor --config ${inside('config')}`,
        `follow ${inside('SETUP.md')}: the secrets, then commit, push and run the workflow`,
      ];
      if (!existsSync(join(root, '.git'))) steps.unshift(`git init ${shown === '.' ? '' : shown}`.trim() + ' (a tracker is a GitHub repository)');
      ctx.stdout(`\nNext:\n${steps.map((s, i) => `  ${i + 1}. ${s}\n`).join('')}`);
      ctx.setExitCode(EXIT.ok);
    });
};
