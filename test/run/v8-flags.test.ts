import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { RUN_V8_FLAGS } from '../../src/run/v8-flags.ts';

// setFlagsFromString ignores a flag V8 does not know, so a flag a later Node renamed or dropped would silently do
// nothing. On the command line V8 rejects it: each flag is tried there, on the Node that runs the tests.
describe('the V8 flags a run sets', () => {
  it.each(RUN_V8_FLAGS)('%s is a flag this Node knows', (flag) => {
    const result = spawnSync(process.execPath, [flag, '-e', '0'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('a flag V8 does not know is refused there (the check above can fail)', () => {
    const result = spawnSync(process.execPath, ['--interrupt-budget-that-is-not=1', '-e', '0'], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
  });
});
