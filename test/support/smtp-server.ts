import type { Socket } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerSession } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

/**
 * What the server does with a command: accept it, reply with an SMTP error code, drop the connection, or hang.
 * 'accept-then-hang' (DATA only) takes the message (it counts in `received`) and never sends the 250: the moment a
 * client can die after the server accepted a message but before it read the acknowledgement.
 */
export type Verdict = 'accept' | 'accept-then-hang' | 'drop' | 'hang' | number;

export interface SmtpBehaviour {
  /** Called for every RCPT TO; `attempt` counts earlier RCPTs for the same address (1 for the first). */
  onRcpt?: (address: string, attempt: number) => Verdict;
  /** Called for every message's DATA, before accepting it; `index` counts DATA commands since start (1-based). */
  onData?: (index: number) => Verdict;
  /** Called as the server sends its 250 for a message (the bench measures from here). */
  onAccepted?: (index: number) => void;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  /** Messages the server accepted (replied 250 to), in order. */
  received: ReceivedMail[];
  /** TCP connections opened to the server so far (a notifier with nothing to send opens none). */
  connections: number;
  behaviour: SmtpBehaviour;
  countTo(address: string): number;
  /** Resolves once `n` messages were accepted. */
  waitFor(n: number): Promise<void>;
  /** Resolves once a DATA command is being held by a 'hang' or 'accept-then-hang' verdict. */
  waitForHang(): Promise<void>;
  close(): Promise<void>;
}

function smtpError(code: number): Error & { responseCode: number } {
  return Object.assign(new Error(code >= 500 ? 'Rejected for the test' : 'Try again later'), { responseCode: code });
}

/** A real SMTP server on 127.0.0.1 (no TLS, no auth) whose replies a test can script. */
export async function startSmtpServer(behaviour: SmtpBehaviour = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const sockets = new Map<number, Socket>();
  const rcptAttempts = new Map<string, number>();
  const waiters: (() => void)[] = [];
  let hanging: (() => void) | undefined;
  let dataCount = 0;
  const notify = () => waiters.splice(0).forEach((w) => w());
  const drop = (session: SMTPServerSession) => sockets.get(session.remotePort)?.destroy();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, session, callback) {
      const attempt = (rcptAttempts.get(address.address) ?? 0) + 1;
      rcptAttempts.set(address.address, attempt);
      const verdict = state.behaviour.onRcpt?.(address.address, attempt) ?? 'accept';
      if (verdict === 'drop') return drop(session);
      if (typeof verdict === 'number') return callback(smtpError(verdict));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const index = ++dataCount;
        const verdict = state.behaviour.onData?.(index) ?? 'accept';
        if (verdict === 'drop') return drop(session);
        if (verdict === 'hang') {
          hanging = () => callback(smtpError(451));
          notify();
          return;
        }
        if (typeof verdict === 'number') return callback(smtpError(verdict));
        const raw = Buffer.concat(chunks).toString('utf8');
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address);
        simpleParser(raw).then(
          (parsed) => {
            received.push({ from, to, raw, parsed });
            if (verdict === 'accept-then-hang') hanging = () => callback();
            else {
              state.behaviour.onAccepted?.(index);
              callback();
            }
            notify();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  server.on('error', () => {});
  // smtp-server keeps its net.Server here; the test needs the raw sockets to simulate a dropped connection.
  const net = (server as unknown as { server: Server }).server;
  net.on('connection', (socket: Socket) => {
    state.connections++;
    sockets.set(socket.remotePort ?? 0, socket);
    socket.on('close', () => sockets.delete(socket.remotePort ?? 0));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (net.address() as AddressInfo).port;

  const waitUntil = (ready: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (ready() ? resolve() : waiters.push(check));
      check();
    });
  const state: TestSmtpServer = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    connections: 0,
    behaviour,
    countTo: (address) => received.filter((m) => m.to.includes(address)).length,
    waitFor: (n) => waitUntil(() => received.length >= n),
    waitForHang: () => waitUntil(() => hanging !== undefined),
    close: async () => {
      hanging?.();
      for (const socket of sockets.values()) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return state;
}
