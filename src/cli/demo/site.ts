import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/** What the demo can do to its pages between checks. */
export interface SiteState {
  /** Rendering noise: rotating class names, tracking tokens, relative times, a flipped date format. */
  noiseSeed: number;
  /** The real policy edit: consumer data kept 90 days instead of 30. */
  retentionDays: 30 | 90;
}

function retentionArticle(state: SiteState): string {
  const hash = (name: string) => `${name}_${(state.noiseSeed * 7919 + name.length).toString(36)}`;
  const token = randomUUID();
  const updated = state.noiseSeed % 2 === 0 ? 'Updated over a week ago' : 'Updated in the last hour';
  const date = state.noiseSeed % 2 === 0 ? 'February 24, 2026' : '24 February 2026';
  return `<!doctype html><html lang="en"><head><title>How long do you store my data? | Demo Privacy Center</title>
<script nonce="${token}">window.__state = {"build":"${token}"}</script>
<style>.${hash('article')}{color:#222}</style></head>
<body><header class="${hash('header')}"><nav><a href="/">Privacy Center</a> <a href="/redirect/website.v1.${token}/help">Help</a></nav></header>
<div class="${hash('layout')}"><aside class="${hash('sidebar')}"><h3>Related articles</h3><ul><li><a href="/articles/2?utm_source=${token}">Exporting your data</a></li></ul></aside>
<main><article class="${hash('article')}" data-build="${token}">
<h1>How long do you store my data?</h1>
<div class="${hash('meta')}">${updated}</div>
<p>This article explains how long we keep consumer chats. Effective ${date}.</p>
<h2>Consumer products</h2>
<p>If you delete a conversation, it is deleted from our back-end storage systems within ${state.retentionDays} days.</p>
<p>If you allow us to use your chats to improve our models, we will retain your data for up to 5 years.</p>
<h2>Contact</h2>
<p>Questions? Write to <a href="/cdn-cgi/l/email-protection#${encodeCfEmail('privacy@example.com', state.noiseSeed % 200 + 17)}">[email&#160;protected]</a>.</p>
</article></main></div>
<div class="${hash('feedback')}">Did this answer your question? 😞 😐 😃</div>
<footer class="${hash('footer')}">© Demo Corp</footer></body></html>`;
}

function termsPage(state: SiteState): string {
  const token = randomUUID();
  return `<!doctype html><html><head><title>Terms of Service</title></head><body>
<main id="${token}"><h1>Terms of Service</h1><p>Effective ${state.noiseSeed % 2 === 0 ? 'January 12, 2026' : '2026-01-12'}</p>
<p>These terms govern your use of the Demo service. Please read them carefully: by using the service you agree to them.</p>
<ol><li>You may use the service only in compliance with applicable law and our usage policy.</li>
<li>We may not train models on customer content submitted to the service by business customers.</li>
<li>You own the inputs you submit and, to the extent permitted by law, the outputs you receive.</li>
<li>Either party may end this agreement with thirty days' written notice to the other party.</li></ol></main>
<script>self.__next_f.push([1,"${token}"])</script></body></html>`;
}

/** Cloudflare's e-mail obfuscation: the first byte is the key, every other byte is XORed with it. */
function encodeCfEmail(address: string, key: number): string {
  const bytes = [key, ...Buffer.from(address).map((b) => b ^ key)];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function startDemoSite(state: SiteState): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const page = req.url === '/articles/retention' ? retentionArticle(state) : req.url === '/legal/terms' ? termsPage(state) : undefined;
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}
