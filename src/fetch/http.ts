import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Settings } from '../config/schema.ts';
import { FetchError } from './types.ts';
import { PrivateAddressError, type AddressGuard } from './address.ts';
import type { HostLimiter } from './limits.ts';
import { ZLIB_CHUNK_SIZE } from '../shared/zlib.ts';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** Decompressed body. For error statuses only a prefix (enough for the gate's response rules). */
  body: Buffer;
  url: string;
}

export interface HopChain {
  response: RawResponse;
  /** Every URL requested, the first one first, the one that answered last. */
  chain: string[];
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ERROR_BODY_CAP = 256 * 1024;
/** What a redirect's or a 304's body may hold and still be read off for the connection to be reused. */
const DUMP_CAP = 128 * 1024;
const TIMEOUT_CODES = new Set(['ETIMEDOUT']);

/**
 * Every header the server sent, each repeated one joined with ", " (Node's `headers` would keep only the first of
 * a repeated Content-Type or ETag; `headersDistinct` keeps them all).
 */
function flattenHeaders(raw: Record<string, string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value !== undefined) out[key.toLowerCase()] = value.join(', ');
  }
  return out;
}

/** Thrown when no connection (DNS, TCP and TLS) was made within http.connectTimeoutMs. */
class ConnectTimeout extends Error {
  readonly code = 'ETIMEDOUT';
}

function findCause<T>(error: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof type) return current;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

function codeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

function decompressor(encoding: string | undefined) {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return createGunzip({ chunkSize: ZLIB_CHUNK_SIZE });
    case 'deflate':
      return createInflate({ chunkSize: ZLIB_CHUNK_SIZE });
    case 'br':
      return createBrotliDecompress({ chunkSize: ZLIB_CHUNK_SIZE });
    default:
      return null;
  }
}

/** Reads at most `cap` bytes; reports whether more was on offer. Counts decompressed bytes (zip bombs). */
async function readCapped(source: Readable, encoding: string | undefined, cap: number): Promise<{ bytes: Buffer; over: boolean }> {
  const inflate = decompressor(encoding);
  if (inflate === null) throw new UnsupportedEncoding(encoding ?? '');
  const stream: Readable = inflate ? pipeline(source, inflate, () => {}) : source;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > cap) {
      chunks.push(buffer.subarray(0, buffer.length - (size - cap)));
      stream.destroy();
      source.destroy();
      return { bytes: Buffer.concat(chunks), over: true };
    }
    chunks.push(buffer);
  }
  return { bytes: Buffer.concat(chunks), over: false };
}

class UnsupportedEncoding extends Error {}

export interface HttpClient {
  follow(start: URL, headers: Record<string, string>): Promise<HopChain>;
  close(): Promise<void>;
}

export function createHttpClient(options: { http: Settings['http']; guard: AddressGuard; limiter: HostLimiter }): HttpClient {
  const { http, guard, limiter } = options;
  // Node's own HTTP client (its parser is native, so nothing is compiled at start-up), one keep-alive pool per
  // scheme. Every connection resolves its host name through the guard's lookup, redirects included. The whole
  // response has one deadline (http.timeoutMs, below); connecting has its own.
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const lookup = http.allowPrivateNetwork ? {} : { lookup: guard.lookup };

  // The fix, for a maintainer who points a document at a page on their own machine or intranet on purpose.
  const PRIVATE_FIX = 'to watch pages on your own network, set http.allowPrivateNetwork: true in policywatch.yaml';
  const refuse = (url: string, message: string) =>
    new FetchError(message, { reason: 'redirect-refused', url }, { transient: false });

  const checkTarget = (url: URL): void => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw refuse(url.href, `refused to follow a redirect to a non-http(s) URL (${url.protocol})`);
    }
    const literal = guard.literal(url.hostname);
    if (!http.allowPrivateNetwork && literal && guard.isPrivate(literal)) {
      throw refuse(url.href, `refused to connect to the private, loopback or link-local address ${literal}; ${PRIVATE_FIX}`);
    }
  };

  const classify = (error: unknown, url: string, timedOut: boolean): FetchError => {
    if (error instanceof FetchError) return error;
    const privateAddress = findCause(error, PrivateAddressError);
    if (privateAddress) {
      return new FetchError(
        `refused to connect: ${privateAddress.hostname} resolves to the non-public address ${privateAddress.address}; ${PRIVATE_FIX}`,
        { reason: 'redirect-refused', url },
        { cause: error, transient: false },
      );
    }
    if (error instanceof UnsupportedEncoding) {
      return new FetchError('the server used an unsupported content encoding', { reason: 'unsupported-type', url }, { cause: error });
    }
    const code = codeOf(error);
    if (timedOut || (code && TIMEOUT_CODES.has(code))) {
      return new FetchError(`timed out fetching ${url}`, { reason: 'timeout', url }, { cause: error, transient: true });
    }
    const detail = code ? ` (${code})` : '';
    return new FetchError(`network error fetching ${url}${detail}`, { reason: 'network', url }, { cause: error, transient: true });
  };

  /** One GET; resolves with the response once its headers are in. Only the URL's host, port, path and query are sent. */
  const send = (url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const options: RequestOptions = {
        agent: secure ? agents.https : agents.http,
        method: 'GET',
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname + url.search,
        headers,
        signal,
        ...lookup,
      };
      const request = (secure ? httpsRequest : httpRequest)(options, resolve);
      const connectTimer = setTimeout(() => request.destroy(new ConnectTimeout(`no connection to ${url.host} within ${http.connectTimeoutMs} ms`)), http.connectTimeoutMs);
      request.once('socket', (socket) => {
        if (!socket.connecting) return clearTimeout(connectTimer);
        socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
      });
      request.once('close', () => clearTimeout(connectTimer));
      // Errors after the headers (a reset mid-body) reach the response stream, where the body is read.
      request.on('error', reject);
      request.end();
    });

  /**
   * Reads off a body nobody needs, so the connection serves the next request (a redirect's next hop, the next page);
   * a big one closes it instead.
   */
  const dump = (response: IncomingMessage): Promise<void> =>
    new Promise((resolve) => {
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > DUMP_CAP) response.destroy();
      });
      response.once('end', resolve);
      response.once('close', resolve);
      response.on('error', () => resolve());
    });

  const hop = async (url: URL, headers: Record<string, string>): Promise<RawResponse> => {
    const controller = new AbortController();
    let timedOut = false;
    // The total deadline runs on real time: a hanging server must be cut off whatever clock tests inject.
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, http.timeoutMs);
    try {
      const response = await send(url, headers, controller.signal);
      const responseHeaders = flattenHeaders(response.headersDistinct);
      const status = response.statusCode ?? 0;
      if (REDIRECT_STATUSES.has(status) || status === 304) {
        await dump(response);
        return { status, headers: responseHeaders, body: Buffer.alloc(0), url: url.href };
      }
      const success = status >= 200 && status < 300;
      const declared = Number(responseHeaders['content-length'] ?? NaN);
      if (success && declared > http.maxBytes) {
        response.destroy();
        throw new FetchError(`body of ${declared} bytes exceeds the ${http.maxBytes}-byte cap`, {
          reason: 'too-large',
          url: url.href,
          status,
        });
      }
      const { bytes, over } = await readCapped(response, responseHeaders['content-encoding'], success ? http.maxBytes : ERROR_BODY_CAP);
      if (success && over) {
        throw new FetchError(`body exceeds the ${http.maxBytes}-byte cap`, { reason: 'too-large', url: url.href, status });
      }
      return { status, headers: responseHeaders, body: bytes, url: url.href };
    } catch (error) {
      throw classify(error, url.href, timedOut);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async follow(start, headers) {
      const chain = [start.href];
      let current = start;
      for (;;) {
        checkTarget(current);
        const target = current;
        const response = await limiter.run(target.host, () => hop(target, headers));
        const location = response.headers.location;
        if (!REDIRECT_STATUSES.has(response.status) || !location) return { response, chain };
        let next: URL;
        try {
          next = new URL(location, current);
        } catch (cause) {
          throw new FetchError('redirect to an invalid Location', { reason: 'redirect-refused', url: current.href }, { cause });
        }
        if (chain.includes(next.href)) {
          throw refuse(current.href, `redirect loop: ${[...chain, next.href].join(' -> ')}`);
        }
        if (chain.length > http.maxRedirects) {
          throw refuse(current.href, `more than ${http.maxRedirects} redirects, starting at ${start.href}`);
        }
        chain.push(next.href);
        current = next;
      }
    },
    close: async () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
