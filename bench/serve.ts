import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { followOf, upsertSubscriber } from '../src/notify/email/index.ts';
import { articleHtml, NINETY, runAndDeliver, startServeFixture } from '../test/serve/harness.ts';
import { atLeast, atMost, exitWithMisses, report } from './targets.ts';

/**
 * serve under load (all traffic to 127.0.0.0/8): 200 concurrent subscribes from one /24, 1,000 subscribers mailed one
 * alert each through a real SMTP server, and a bounded soak (rounds of page, feed and subscribe requests) whose heap
 * after each round should stay flat. Figures only; tests assert correctness.
 */
function post(url: string, body: string, from: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', localAddress: from, headers: { origin: new URL(url).origin, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? 0;
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

const fx = await startServeFixture({ extraSettings: 'serve:\n  limits:\n    requestsPerIp: 100000\n' });
try {
  const url = fx.serve.url;
  // 1. A burst from one address range.
  const times: number[] = [];
  const t0 = performance.now();
  const codes = await Promise.all(
    Array.from({ length: 200 }, async (_, i) => {
      const start = performance.now();
      const code = await post(`${url}/subscribe`, `email=burst${i}%40example.org`, `127.0.7.${(i % 250) + 1}`);
      times.push(performance.now() - start);
      return code;
    }),
  );
  const count = (c: number) => codes.filter((x) => x === c).length;
  console.log(`200 concurrent subscribes from 127.0.7.0/24: ${count(200)} accepted, ${count(429)} limited (429), ${codes.length - count(200) - count(429)} other; ${(performance.now() - t0).toFixed(0)} ms total, p50 ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms`);

  // 2. One alert to 1,000 subscribers.
  await fx.serve.runNow();
  await fx.app.subscribers.update((book) => {
    for (let i = 0; i < 1000; i++) upsertSubscriber(book, { address: `reader${i}@example.org`, follow: followOf(), consent: { kind: 'attested', by: 'bench' }, source: 'import' }, new Date());
  });
  fx.site.set('/retention', articleHtml(NINETY));
  const d0 = performance.now();
  await runAndDeliver(fx);
  await fx.smtp.waitFor(1000);
  const seconds = (performance.now() - d0) / 1000;
  console.log(`1,000 subscribers, one change: ${fx.smtp.received.length} messages in ${seconds.toFixed(1)} s`);
  report('messages per second, 1,000 subscribers', 1000 / seconds, atLeast(20), { digits: 0 });

  // 3. Bounded soak: 10 rounds × 300 requests; heap after a GC each round.
  const heaps: number[] = [];
  for (let round = 0; round < 10; round++) {
    await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        const path = ['/', '/feed.xml', '/badge.json', '/subscribe'][i % 4]!;
        if (i % 10 === 0) return post(`${url}/subscribe`, `email=soak${round}-${i}%40example.org`, `127.8.${round}.${(i % 250) + 1}`);
        return (await fetch(`${url}${path}`)).arrayBuffer();
      }),
    );
    (globalThis as { gc?: () => void }).gc?.();
    heaps.push(process.memoryUsage().heapUsed);
  }
  const growth = (heaps.at(-1)! - heaps[2]!) / heaps[2]!;
  console.log(`soak, 10 rounds × 300 requests: heap after rounds 3..10 ${heaps.slice(2).map(mb).join(', ')} MB${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc for exact figures)'}; RSS ${mb(process.memoryUsage.rss())} MB`);
  report('serve soak heap growth', growth * 100, atMost(10), { unit: '%', digits: 1 });
  exitWithMisses();
} finally {
  await fx.stop();
}
