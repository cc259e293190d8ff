import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, commandNamed, COMMANDS } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { outputMode } from '../../src/cli/output.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { runCli } from '../support/cli.ts';

const ctx = (): CliContext => ({ stdout() {}, stderr() {}, env: {}, cwd: process.cwd(), clock: systemClock, setExitCode() {} });

describe('the command table', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('lists %s with the description its module registers', async (name, entry) => {
    const program = new Command();
    (await entry.load())(program, ctx());
    const registered = program.commands.find((c) => c.name() === name);
    expect(registered, `${name} registers a command of that name`).toBeDefined();
    expect(entry.summary).toBe(registered!.description());
  });

  it('finds the command the arguments name, and the one `help` names', () => {
    expect(commandNamed(['check', '--only', 'a'])).toBe('check');
    expect(commandNamed(['--verbose', 'validate'])).toBe('validate');
    expect(commandNamed(['help', 'notify'])).toBe('notify');
    expect(commandNamed(['--help'])).toBeUndefined();
    expect(commandNamed([])).toBeUndefined();
  });

  it('gives every command --quiet and --verbose', async () => {
    const program = await buildProgram(ctx(), 'all');
    const leaves: Command[] = [];
    const visit = (c: Command) => (c.commands.length ? c.commands.forEach(visit) : leaves.push(c));
    program.commands.forEach(visit);
    expect(leaves.length).toBeGreaterThan(COMMANDS.length);
    for (const command of leaves) {
      const longs = command.options.map((o) => o.long);
      expect(longs, command.name()).toEqual(expect.arrayContaining(['--quiet', '--verbose']));
    }
  });

  it('lists every command in the top-level help', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const { name } of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });
});

describe('output mode', () => {
  const terminal = { columns: () => 100 };
  it('draws progress only on a terminal, and never with --quiet, --json or in CI', () => {
    expect(outputMode({ env: {}, terminal }, {})).toEqual({ level: 'normal', progress: true });
    expect(outputMode({ env: {} }, {})).toEqual({ level: 'normal', progress: false });
    expect(outputMode({ env: {}, terminal }, { quiet: true })).toEqual({ level: 'quiet', progress: false });
    expect(outputMode({ env: {}, terminal }, { json: true }).progress).toBe(false);
    expect(outputMode({ env: { CI: 'true' }, terminal }, {}).progress).toBe(false);
    expect(outputMode({ env: { CI: 'false' }, terminal }, {}).progress).toBe(true);
    expect(outputMode({ env: {}, terminal }, { verbose: true }).level).toBe('verbose');
  });
});
