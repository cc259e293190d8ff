import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request the receiver got: what a webhook endpoint or Slack would see. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status it answered. */
  status: number;
}

/** What the receiver does with a request: answer with a status (and headers), or drop the connection. */
export type Reply = number | { status: number; headers?: Record<string, string> } | 'drop';

export interface HttpReceiver {
  url: string;
  /** Every request, in arrival order, with the status it got. */
  requests: Received[];
  /** Only the requests answered 2xx: what was delivered. */
  accepted(): Received[];
  /** Decides each reply; default 200. */
  reply: (request: Omit<Received, 'status'>) => Reply;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that takes POSTs as a webhook endpoint would, and answers as scripted. */
export async function startHttpReceiver(path = '/hook'): Promise<HttpReceiver> {
  const sockets = new Set<Socket>();
  const receiver: HttpReceiver = {
    url: '',
    requests: [],
    accepted: () => receiver.requests.filter((r) => r.status >= 200 && r.status < 300),
    reply: () => 200,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const reply = req.url === path && req.method === 'POST' ? receiver.reply(request) : 404;
      if (reply === 'drop') {
        receiver.requests.push({ ...request, status: 0 });
        req.socket.destroy();
        return;
      }
      const { status, headers } = typeof reply === 'number' ? { status: reply, headers: {} } : { status: reply.status, headers: reply.headers ?? {} };
      receiver.requests.push({ ...request, status });
      res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(status < 300 ? 'ok' : 'no');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return receiver;
}
