import { SettingsSchema } from '../../src/config/schema.ts';
import { findBrowser } from '../../src/fetch/index.ts';

/** The Chromium the tests drive (POLICYWATCH_CHROMIUM, Playwright's, or Debian's); undefined when there is none. */
export function chromiumPath(): string | undefined {
  try {
    return findBrowser(process.env, SettingsSchema.parse({})).executablePath;
  } catch {
    return undefined;
  }
}
