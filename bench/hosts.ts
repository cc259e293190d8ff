/**
 * Many local "hosts" (127.0.0.1 … 127.0.0.N) serving documents with injected latency and ETags, run in a child
 * process so the figures measure the client alone.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { conditional, startFixtureServer, type FixtureServer } from '../test/support/http-server.ts';

export interface HostsSpec {
  hosts: number;
  docs: number;
  latencyMs: number;
}

/** Document n lives on host n % hosts, at /doc/n. */
export async function serveHosts(spec: HostsSpec, page: (n: number) => string): Promise<void> {
  const servers: FixtureServer[] = [];
  for (let i = 1; i <= spec.hosts; i += 1) {
    const server = await startFixtureServer({ host: `127.0.0.${i}`, latencyMs: spec.latencyMs });
    for (let n = i - 1; n < spec.docs; n += spec.hosts) server.route(`/doc/${n}`, conditional({ body: page(n), etag: `"v1-${n}"` }));
    servers.push(server);
  }
  process.send?.({ origins: servers.map((s) => s.origin) });
  process.on('message', async () => {
    await Promise.all(servers.map((s) => s.close()));
    process.exit(0);
  });
}

/** Forks `file` with `flag` (which must call serveHosts) and returns the origins and a stop function. */
export async function startHostsChild(file: string, flag: string): Promise<{ origins: string[]; stop(): Promise<void> }> {
  const child: ChildProcess = fork(file, [flag], { execArgv: ['--import', import.meta.resolve('tsx')] });
  const [message] = (await once(child, 'message')) as [{ origins: string[] }];
  return {
    origins: message.origins,
    stop: async () => {
      child.send('stop');
      await once(child, 'exit');
    },
  };
}
