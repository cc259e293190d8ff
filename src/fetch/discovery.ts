import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Playwright from 'playwright';
import type { Settings } from '../config/schema.ts';
import { FetchError } from './types.ts';

export const CHROMIUM_ENV = 'POLICYWATCH_CHROMIUM';
export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Without these Chromium phones home on start (and hangs on a closed network); GPU is absent in CI. */
export const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-gpu',
  '--disable-dev-shm-usage',
];

export type BrowserSource = 'override' | 'env' | 'config' | 'playwright' | 'system';

export interface FoundBrowser {
  executablePath: string;
  source: BrowserSource;
  args: string[];
}

/** What discovery looks at on this machine; replaceable in tests. */
export interface DiscoveryProbe {
  exists(path: string): boolean;
  isRoot: boolean;
  playwrightPath(): string | undefined;
  systemPaths: readonly string[];
}

function playwrightChromiumPath(): string | undefined {
  try {
    // Loaded only when a browser is actually wanted: Playwright costs ~60 MB of memory on import.
    const { chromium } = createRequire(import.meta.url)('playwright') as typeof Playwright;
    return chromium.executablePath();
  } catch {
    // Playwright throws on platforms it has no build for: that just means "not installed".
    return undefined;
  }
}

export function systemProbe(): DiscoveryProbe {
  return {
    exists: existsSync,
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    playwrightPath: playwrightChromiumPath,
    systemPaths: SYSTEM_CHROMIUM_PATHS,
  };
}

const HOW_TO =
  `set ${CHROMIUM_ENV} (or settings.browser.executablePath) to a Chromium binary, ` +
  'run `npx playwright install chromium`, or install the system package (`apt-get install chromium`, giving /usr/bin/chromium)';

function unavailable(message: string): FetchError {
  return new FetchError(`${message}: ${HOW_TO}`, { reason: 'browser-unavailable', url: '' }, { transient: false });
}

/**
 * Finds Chromium, in this order: an explicit override (tests), the POLICYWATCH_CHROMIUM environment variable,
 * settings.browser.executablePath, Playwright's own download, the system package. The environment comes before
 * the config file because it describes this machine, while the config is shared by every machine (as
 * GITHUB_REPOSITORY wins over settings.github.repository). A path that is named but missing is an error,
 * not a silent fall-through to some other browser.
 */
export function findBrowser(
  env: Record<string, string | undefined>,
  settings: { browser: Settings['browser'] },
  options: { override?: string; probe?: Partial<DiscoveryProbe> } = {},
): FoundBrowser {
  const probe = { ...systemProbe(), ...options.probe };
  const args = probe.isRoot ? [...CHROMIUM_ARGS, '--no-sandbox'] : [...CHROMIUM_ARGS];
  const named: Array<[BrowserSource, string | undefined, string]> = [
    ['override', options.override, 'the browser path given to the fetcher'],
    ['env', env[CHROMIUM_ENV] || undefined, CHROMIUM_ENV],
    ['config', settings.browser.executablePath, 'settings.browser.executablePath'],
  ];
  for (const [source, path, label] of named) {
    if (!path) continue;
    if (!probe.exists(path)) throw unavailable(`${label} names ${path}, which does not exist`);
    return { executablePath: path, source, args };
  }
  const fromPlaywright = probe.playwrightPath();
  if (fromPlaywright && probe.exists(fromPlaywright)) return { executablePath: fromPlaywright, source: 'playwright', args };
  const system = probe.systemPaths.find((path) => probe.exists(path));
  if (system) return { executablePath: system, source: 'system', args };
  throw unavailable('no Chromium found');
}
