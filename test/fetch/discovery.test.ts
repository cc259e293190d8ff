import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, FetchError, findBrowser } from '../../src/fetch/index.ts';
import { SettingsSchema } from '../../src/config/schema.ts';

const settings = (executablePath?: string) =>
  SettingsSchema.parse(executablePath ? { browser: { executablePath } } : {});

const probe = (present: string[], isRoot = false) => ({
  exists: (path: string) => present.includes(path),
  isRoot,
  playwrightPath: () => '/pw/chrome',
  systemPaths: ['/usr/bin/chromium'],
});

describe('findBrowser', () => {
  it('prefers the environment variable, then config, then Playwright, then the system package', () => {
    const all = ['/env/chrome', '/cfg/chrome', '/pw/chrome', '/usr/bin/chromium'];
    const env = { POLICYWATCH_CHROMIUM: '/env/chrome' };
    expect(findBrowser(env, settings('/cfg/chrome'), { probe: probe(all) })).toMatchObject({ executablePath: '/env/chrome', source: 'env' });
    expect(findBrowser({}, settings('/cfg/chrome'), { probe: probe(all) })).toMatchObject({ source: 'config' });
    expect(findBrowser({}, settings(), { probe: probe(all) })).toMatchObject({ source: 'playwright' });
    expect(findBrowser({}, settings(), { probe: probe(['/usr/bin/chromium']) })).toMatchObject({
      executablePath: '/usr/bin/chromium',
      source: 'system',
    });
  });

  it('always passes the quiet-network flags, and --no-sandbox only as root', () => {
    const user = findBrowser({}, settings(), { probe: probe(['/usr/bin/chromium']) });
    expect(user.args).toEqual(expect.arrayContaining(CHROMIUM_ARGS));
    expect(user.args).not.toContain('--no-sandbox');
    expect(findBrowser({}, settings(), { probe: probe(['/usr/bin/chromium'], true) }).args).toContain('--no-sandbox');
  });

  it('names all three options when nothing is found', () => {
    let error: unknown;
    try {
      findBrowser({}, settings(), { probe: probe([]) });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FetchError);
    const fetchError = error as FetchError;
    expect(fetchError.reason).toBe('browser-unavailable');
    expect(fetchError.message).toContain('POLICYWATCH_CHROMIUM');
    expect(fetchError.message).toContain('npx playwright install chromium');
    expect(fetchError.message).toContain('/usr/bin/chromium');
  });

  it('does not silently fall through when a named path is missing', () => {
    expect(() => findBrowser({ POLICYWATCH_CHROMIUM: '/nope' }, settings(), { probe: probe(['/usr/bin/chromium']) })).toThrow(/\/nope/);
  });
});
