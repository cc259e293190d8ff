import { describe, expect, it } from 'vitest';
import { z as zod } from 'zod';
import { SettingsSchema } from '../../src/config/schema.ts';
import { onDemand, z } from '../../src/shared/zod.ts';

describe('src/shared/zod.ts', () => {
  it("turns zod's parser compiler off before the schemas are built, and they parse as before", () => {
    expect(zod.config().jitless).toBe(true);
    // A compiled fast path would be generated code; without it, parsing still fills defaults and reports issues.
    expect(SettingsSchema.parse({}).http.hostDelayMs).toBe(250);
    const failed = SettingsSchema.safeParse({ http: { hostDelayMs: -1 } });
    expect(failed.success).toBe(false);
    expect(failed.error?.issues.map((i) => i.path.join('.'))).toEqual(['http.hostDelayMs']);
  });

  it('onDemand builds a schema on its first use, once, and not before', () => {
    let builds = 0;
    const schema = onDemand(() => {
      builds += 1;
      return z.object({ days: z.number().int() });
    });
    expect(builds).toBe(0);
    expect(schema().parse({ days: 30 })).toEqual({ days: 30 });
    expect(schema()).toBe(schema());
    expect(builds).toBe(1);
  });
});
