/**
 * A real node:http server on a loopback address with routes and injectable faults: latency, status sequences,
 * hangs, connection resets, truncated bodies, redirects, ETag/Last-Modified with 304, big bodies and any
 * content type. Reusable by every stage that talks HTTP.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void | Promise<void>;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface FixtureServer {
  /** http://host:port */
  origin: string;
  host: string;
  port: number;
  url(path: string): string;
  route(path: string, handler: Handler): void;
  /** Requests seen, in arrival order (also for unrouted paths, which answer 404). */
  requests: RecordedRequest[];
  hits(path: string): number;
  close(): Promise<void>;
}

export interface FixtureOptions {
  host?: string;
  port?: number;
  /** Delay before every response, in ms. */
  latencyMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFixtureServer(options: FixtureOptions = {}): Promise<FixtureServer> {
  const host = options.host ?? '127.0.0.1';
  const routes = new Map<string, Handler>();
  const counts = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
    const hit = (counts.get(path) ?? 0) + 1;
    counts.set(path, hit);
    if (options.latencyMs) await sleep(options.latencyMs);
    const handler = routes.get(path);
    try {
      if (handler) await handler(req, res, hit);
      else respond({ status: 404, body: 'not found', type: 'text/plain' })(req, res, hit);
    } catch {
      res.destroy();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  return {
    origin,
    host,
    port,
    url: (path) => origin + path,
    route: (path, handler) => void routes.set(path, handler),
    requests,
    hits: (path) => counts.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface ResponseSpec {
  status?: number;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  /** Content-Type; defaults to text/html; charset=utf-8 when a body is given. */
  type?: string;
}

export function respond(spec: ResponseSpec): Handler {
  return (_req, res) => {
    const body = spec.body === undefined ? undefined : Buffer.isBuffer(spec.body) ? spec.body : Buffer.from(spec.body);
    const headers: Record<string, string | number> = { ...spec.headers };
    if (body) {
      headers['content-type'] ??= spec.type ?? 'text/html; charset=utf-8';
      headers['content-length'] ??= body.length;
    }
    res.writeHead(spec.status ?? 200, headers);
    res.end(body);
  };
}

export const html = (body: string, spec: Omit<ResponseSpec, 'body'> = {}): Handler => respond({ ...spec, body });

/** One handler per hit; the last one repeats. */
export function sequence(...handlers: Handler[]): Handler {
  return (req, res, hit) => {
    const handler = handlers[Math.min(hit, handlers.length) - 1];
    return handler?.(req, res, hit);
  };
}

/** Accepts the request and never answers. */
export const hang = (): Handler => () => new Promise<void>(() => undefined);

/** Resets the TCP connection (RST) without a response. */
export const reset = (): Handler => (req) => {
  req.socket.resetAndDestroy();
};

/** Promises `declared` bytes in Content-Length, sends `body`, then closes. */
export function truncated(body: string, declared: number): Handler {
  return (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': declared });
    res.write(body, () => req.socket.destroy());
  };
}

export function redirect(location: string, status = 302): Handler {
  return respond({ status, headers: { location } });
}

/** Serves `body` with validators and answers 304 to a matching If-None-Match or If-Modified-Since. */
export function conditional(spec: { body: string; etag?: string; lastModified?: string; type?: string }): Handler {
  return (req, res, hit) => {
    const validators: Record<string, string> = {
      ...(spec.etag ? { etag: spec.etag } : {}),
      ...(spec.lastModified ? { 'last-modified': spec.lastModified } : {}),
    };
    const etagMatches = spec.etag !== undefined && req.headers['if-none-match'] === spec.etag;
    const dateMatches = spec.lastModified !== undefined && req.headers['if-modified-since'] === spec.lastModified;
    if (etagMatches || dateMatches) {
      res.writeHead(304, validators);
      res.end();
      return;
    }
    respond({ body: spec.body, headers: validators, ...(spec.type ? { type: spec.type } : {}) })(req, res, hit);
  };
}

/** `size` bytes of filler, streamed in chunks; with or without Content-Length. */
export function bigBody(size: number, options: { withLength?: boolean; type?: string } = {}): Handler {
  return (_req, res) => {
    res.writeHead(200, {
      'content-type': options.type ?? 'text/html; charset=utf-8',
      ...(options.withLength ? { 'content-length': size } : {}),
    });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => undefined);
    pump();
  };
}

/** Waits `ms` before running `handler`. */
export function delayed(ms: number, handler: Handler): Handler {
  return async (req, res, hit) => {
    await sleep(ms);
    await handler(req, res, hit);
  };
}
