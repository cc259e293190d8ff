import { createHmac, randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { z } from '../shared/zod.ts';
import type { App } from '../app/index.ts';
import type { Topic } from '../config/schema.ts';
import { PipelineEventSchema } from '../notify/event-schema.ts';
import { normalizeAddress } from '../notify/email/address.ts';
import { renderAlreadySubscribed, renderConfirmation } from '../notify/email/confirm.ts';
import type { SubscriberLinks } from '../notify/email/links.ts';
import { isMailEvent } from '../notify/email/view.ts';
import type { MailEvent } from '../notify/email/view.ts';
import { subscribeOne } from '../notify/email/subscribers/ops.ts';
import type { Follow, Subscriber } from '../notify/email/subscribers/schema.ts';
import { describeError } from '../shared/errors.ts';
import type { TokenCheck } from '../shared/tokens.ts';
import { TOOL_VERSION } from '../shared/version.ts';
import { badgeJson, renderStatusPage } from '../status/index.ts';
import type { AlertLog } from './alerts.ts';
import type { DeliveryWorker } from './delivery.ts';
import { renderAtom } from './feed.ts';
import { messagePage, preferencesPage, SITE_CSS, siteNav, subscribePage, unsubscribePage } from './pages.ts';
import type { FollowOptions, SiteInfo } from './pages.ts';
import { localStatus, pushedStatus, PushedStatusSchema, savePushedStatus, withAlertSummaries } from './status.ts';
import type { SiteStatus } from './status.ts';

export interface ServerDeps {
  app: App;
  alerts: AlertLog;
  worker: DeliveryWorker;
  links: SubscriberLinks;
  /** Where readers reach this server (links in emails, the embeddable form's action). */
  publicUrl: string;
  /** Bearer token of the workflow API (POST /api/alerts, /api/status); without one the API is off. */
  apiToken?: string;
}

/** Form bodies are small; a workflow's alerts carry diffs. */
export const FORM_BODY_LIMIT = 16 * 1024;
export const API_BODY_LIMIT = 8 * 1024 * 1024;
const FORM_TOKEN_HOURS = 4;
const FEED_SIZE = 50;

/** One client address range: IPv4 /24, IPv6 /56 (what one household or one small host gets). */
export function addressRange(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.\d+$/i.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  const groups = ip.split('::');
  const head = (groups[0] ?? '').split(':').filter(Boolean);
  const tail = groups.length > 1 ? (groups[1] ?? '').split(':').filter(Boolean) : [];
  const full = [...head, ...Array(Math.max(0, 8 - head.length - tail.length)).fill('0'), ...tail].map((g) => g.padStart(4, '0'));
  return `${full.slice(0, 3).join(':')}:${(full[3] ?? '0000').slice(0, 2)}00::/56`;
}

class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

const tokenParam = z.object({ token: z.string().max(400).optional() });

/**
 * The web endpoints of `policywatch serve`, on fastify: routing, body limits and content-type parsing, plus its
 * official plugins for form bodies (@fastify/formbody), per-client limits with Retry-After (@fastify/rate-limit) and
 * security headers with a strict CSP (@fastify/helmet). Nothing here logs an address or a token.
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { app, alerts, worker, links } = deps;
  const { settings, config, clock, logger } = app;
  const signer = app.signer;
  const site: SiteInfo = { title: settings.serve.title, ...(settings.serve.guideUrl ? { guideUrl: settings.serve.guideUrl } : {}) };
  const publicOrigin = new URL(deps.publicUrl).origin;
  const allowedOrigins = new Set([publicOrigin, ...settings.serve.allowedOrigins.map((o) => new URL(o).origin)]);
  const limits = settings.serve.limits;
  const addressKeySecret = createHmac('sha256', signer.sign({ purpose: 'form', subject: 'limits', nonce: 'k', expiresAt: new Date(0) })).digest();

  const followOptions = (): FollowOptions => {
    const used = new Set<string>();
    for (const d of config.documents) {
      for (const t of d.topics) used.add(t);
      for (const c of d.claims) used.add(c.topic);
    }
    return { documents: config.documents.map((d) => ({ id: d.id, title: d.title })), topics: settings.topics.filter((t) => used.has(t)) };
  };

  let statusCache: { at: number; value: SiteStatus } | undefined;
  const status = async (): Promise<SiteStatus> => {
    const now = clock.now();
    if (statusCache && now.getTime() - statusCache.at < 30_000) return statusCache.value;
    const value = withAlertSummaries(pushedStatus(app.database) ?? (await localStatus(config, app.store, now)), alerts.latestPerDocument());
    statusCache = { at: now.getTime(), value };
    return value;
  };

  const server = Fastify({
    bodyLimit: FORM_BODY_LIMIT,
    // A number of proxies: trust that many hops of X-Forwarded-For, counted from this server.
    trustProxy: typeof settings.serve.trustProxy === 'number' ? ((hops: number) => (_address: string, hop: number) => hop < hops)(settings.serve.trustProxy) : settings.serve.trustProxy,
    logger: false,
    return503OnClosing: true,
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
  });

  // RFC 8058 allows multipart/form-data for the one-click POST; only its one field matters, so it is read as text.
  server.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
    const text = String(body);
    const oneClick = /name="List-Unsubscribe"\r?\n\r?\nOne-Click\r?\n/.test(text);
    done(null, oneClick ? { 'List-Unsubscribe': 'One-Click' } : {});
  });
  await server.register(formbody, { bodyLimit: FORM_BODY_LIMIT });
  await server.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    // Set below only when the request came over https: HSTS over plain http is ignored and breaks local use.
    hsts: false,
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
  await server.register(rateLimit, {
    global: true,
    max: limits.requestsPerIp,
    timeWindow: 60_000,
    // The workflow API is authenticated and sends batches; health checks come from the host's own monitor.
    allowList: (request) => request.url.startsWith('/api/') || request.url === '/healthz',
    errorResponseBuilder: (_request, context) => new HttpProblem(429, `too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`),
  });

  server.addHook('onSend', async (request, reply, payload) => {
    if (request.protocol === 'https' || publicOrigin.startsWith('https:')) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    // Pages carrying a token in their URL are never cached or stored.
    if (request.url.includes('token=')) reply.header('cache-control', 'no-store');
    return payload;
  });

  const html = (reply: FastifyReply, code: number, body: string) => reply.code(code).type('text/html; charset=utf-8').send(body);
  const wantsHtml = (request: FastifyRequest) => !request.url.startsWith('/api/') && !/\.(json|xml)(\?|$)/.test(request.url);

  server.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const code = error instanceof HttpProblem ? error.statusCode : error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const message =
      error instanceof HttpProblem
        ? error.message
        : error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? `request body too large: the limit is ${Math.round((request.url.startsWith('/api/') ? API_BODY_LIMIT : FORM_BODY_LIMIT) / 1024)} KB`
          : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'unsupported content type: send an HTML form (application/x-www-form-urlencoded)'
            : code < 500
              ? 'bad request: ' + error.message.split('\n')[0]!.slice(0, 200)
              : 'internal error; it was logged';
    if (code >= 500) logger.error(`serve: ${request.method} ${request.routeOptions.url ?? 'unknown route'} failed: ${describeError(error)}`);
    if (!wantsHtml(request)) return reply.code(code).type('application/json; charset=utf-8').send({ error: message });
    return html(reply, code, messagePage(site, { title: code === 429 ? 'Too many requests' : code === 413 ? 'Too much data' : code >= 500 ? 'Something went wrong' : 'Bad request', lines: [message[0]!.toUpperCase() + message.slice(1) + '.'], tone: 'error' }));
  });
  server.setNotFoundHandler({ preHandler: server.rateLimit() }, (request, reply) => {
    if (!wantsHtml(request)) return reply.code(404).type('application/json; charset=utf-8').send({ error: 'not found' });
    return html(reply, 404, messagePage(site, { title: 'Not found', lines: ['There is no page at this address.'], tone: 'error', extra: '<p><a href="/">See the status page</a></p>' }));
  });

  // ---- public reading -------------------------------------------------------------------------------------
  server.get('/healthz', async (_request, reply) => {
    app.database.prepare('SELECT 1').get();
    return reply.header('cache-control', 'no-store').send({ status: 'ok', version: TOOL_VERSION, undeliveredAlerts: alerts.undeliveredCount() });
  });
  server.get('/assets/site.css', async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SITE_CSS));
  server.get('/', async (_request, reply) => {
    const { claims, documents } = await status();
    const page = renderStatusPage(claims, config.documents.length ? config.documents : documents, {
      title: settings.serve.title,
      ...(settings.serve.guideUrl ? { guideUrl: settings.serve.guideUrl } : {}),
      reportHref: '/claims.json',
      documentsStatus: documents,
      stylesheetHref: '/assets/site.css',
      nav: siteNav('status'),
    });
    return html(reply, 200, page);
  });
  const publicJson = (reply: FastifyReply, value: unknown) =>
    reply
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('cache-control', 'public, max-age=300')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(value, null, 2) + '\n');
  server.get('/claims.json', async (_request, reply) => publicJson(reply, (await status()).claims));
  server.get('/badge.json', async (_request, reply) => publicJson(reply, badgeJson((await status()).claims)));

  const atom = (reply: FastifyReply, path: string, title: string, filter: { docId?: string; topic?: string }) =>
    reply
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('cache-control', 'public, max-age=300')
      .type('application/atom+xml; charset=utf-8')
      .send(renderAtom({ selfUrl: `${deps.publicUrl}${path}`, siteUrl: `${deps.publicUrl}/`, title, alerts: alerts.recent({ ...filter, limit: FEED_SIZE }), fallbackUpdated: clock.now() }));
  server.get('/feed.xml', async (_request, reply) => atom(reply, '/feed.xml', `${settings.serve.title}: policy changes`, {}));
  server.get<{ Params: { file: string } }>('/feed/:file', async (request, reply) => {
    const id = /^(.+)\.xml$/.exec(request.params.file)?.[1];
    const doc = config.documents.find((d) => d.id === id);
    if (!doc) throw new HttpProblem(404, `no watched document "${String(id ?? request.params.file).slice(0, 60)}"; see /feed.xml for all`);
    return atom(reply, `/feed/${doc.id}.xml`, `${settings.serve.title}: ${doc.title}`, { docId: doc.id });
  });
  server.get<{ Params: { file: string } }>('/feed/topic/:file', async (request, reply) => {
    const topic = /^(.+)\.xml$/.exec(request.params.file)?.[1];
    if (!topic || !settings.topics.includes(topic)) throw new HttpProblem(404, `no topic "${String(topic ?? request.params.file).slice(0, 60)}"; topics: ${settings.topics.join(', ')}`);
    return atom(reply, `/feed/topic/${topic}.xml`, `${settings.serve.title}: ${topic}`, { topic });
  });

  // ---- subscribing ------------------------------------------------------------------------------------------
  const newFormToken = () =>
    signer.sign({ purpose: 'form', subject: 'f', nonce: randomBytes(6).toString('base64url'), expiresAt: new Date(clock.now().getTime() + FORM_TOKEN_HOURS * 3_600_000) });

  /**
   * CSRF: a browser names the page a form was posted from (Origin). Our own pages and the sites in
   * serve.allowedOrigins may post; any other site is refused. A client that sends no Origin must carry the signed
   * form token of a page we served.
   */
  const checkOrigin = (request: FastifyRequest, formToken: unknown) => {
    const origin = request.headers.origin;
    const own = `${request.protocol}://${request.host}`;
    if (origin && origin !== 'null') {
      if (allowedOrigins.has(origin) || origin === own) return;
      throw new HttpProblem(403, 'this form was posted from a site that is not allowed to; use the form on this site');
    }
    const check = typeof formToken === 'string' ? signer.verify(formToken, 'form', clock.now()) : undefined;
    if (!check?.ok) throw new HttpProblem(403, 'the form has expired; reload the page and send it again');
  };

  const followFrom = (body: Record<string, unknown>): Follow => {
    const list = (value: unknown) => (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String).slice(0, 500);
    const docs = list(body.doc);
    const topics = list(body.topic);
    const unknownDoc = docs.find((d) => !config.documents.some((c) => c.id === d));
    if (unknownDoc !== undefined) throw new HttpProblem(400, `unknown page "${unknownDoc.slice(0, 60)}"`);
    const unknownTopic = topics.find((t) => !settings.topics.includes(t));
    if (unknownTopic !== undefined) throw new HttpProblem(400, `unknown topic "${unknownTopic.slice(0, 60)}"`);
    if (body.follow !== 'some') return { kind: 'all' };
    if (!docs.length && !topics.length) throw new HttpProblem(400, 'tick at least one page or topic, or choose every change');
    return { kind: 'some', docs: [...new Set(docs)].sort(), topics: [...new Set(topics as Topic[])].sort() };
  };

  const sendInBackground = (what: string, mail: () => Parameters<App['mailTransport']['send']>[0]) => {
    // Never awaited by the request: the answer takes as long for a known address as for a new one.
    void Promise.resolve()
      .then(() => app.mailTransport.send(mail()))
      .catch((error: unknown) => logger.warn(`serve: ${what} not sent: ${describeError(error)}`));
  };

  const ipLimit = server.rateLimit({ max: limits.subscribePerRange, timeWindow: 60_000, keyGenerator: (request) => `range:${addressRange(request.ip)}` });
  // Per address, whatever the client: a small fixed window keyed by a hash (the limiter's memory holds no address).
  const perAddress = new Map<string, { count: number; resetAt: number }>();
  const addressLimit = async (request: FastifyRequest, reply: FastifyReply) => {
    const address = normalizeAddress(String((request.body as Record<string, unknown> | undefined)?.email ?? ''));
    if (!address) return;
    const now = clock.now().getTime();
    if (perAddress.size > 100_000) for (const [k, v] of perAddress) if (v.resetAt <= now) perAddress.delete(k);
    const key = createHmac('sha256', addressKeySecret).update(address).digest('base64url').slice(0, 22);
    const entry = perAddress.get(key);
    const window = entry && entry.resetAt > now ? entry : { count: 0, resetAt: now + 3_600_000 };
    window.count++;
    perAddress.set(key, window);
    if (window.count > limits.subscribePerAddress) {
      reply.header('retry-after', String(Math.ceil((window.resetAt - now) / 1000)));
      throw new HttpProblem(429, 'too many requests for this address; try again later');
    }
  };

  server.get('/subscribe', async (_request, reply) =>
    html(reply, 200, subscribePage(site, { formToken: newFormToken(), options: followOptions(), publicUrl: deps.publicUrl })),
  );

  server.post('/subscribe', { onRequest: ipLimit, preHandler: addressLimit }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object') throw new HttpProblem(400, 'send the form fields');
    checkOrigin(request, body.form);
    const done = () =>
      html(
        reply,
        200,
        messagePage(site, {
          title: 'Check your inbox',
          lines: ['If the address can receive mail, a confirmation link is on its way. Open it to start the alerts.', 'Nothing is sent before you confirm. No email after a few minutes? Check the spam folder.'],
          tone: 'notice',
        }),
      );
    // A filled-in honeypot is a bot: it gets the same answer and nothing happens.
    if (typeof body.website === 'string' && body.website.trim() !== '') return done();
    const rawEmail = typeof body.email === 'string' ? body.email : '';
    const address = normalizeAddress(rawEmail.slice(0, 320));
    let follow: Follow;
    try {
      if (!address) throw new HttpProblem(400, rawEmail.trim() ? 'that is not an email address we can send to; write it like name@example.org' : 'enter your email address');
      follow = followFrom(body);
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      return html(reply, 400, subscribePage(site, { formToken: newFormToken(), options: followOptions(), publicUrl: deps.publicUrl, error: error.message[0]!.toUpperCase() + error.message.slice(1) + '.', email: rawEmail.slice(0, 320) }));
    }
    const outcome = await app.subscribers.edit<{ kind: 'already' | 'confirm'; subscriber: Subscriber }>({ address }, (current) => {
      if (current?.state === 'active') return { result: { kind: 'already', subscriber: current } };
      const { subscriber } = subscribeOne(current, { address, follow, consent: { kind: 'confirm' }, source: 'web' }, clock.now());
      return { next: subscriber, result: { kind: 'confirm', subscriber } };
    });
    if (outcome.kind === 'already') sendInBackground('note to an existing subscriber', () => ({ ...renderAlreadySubscribed(outcome.subscriber, settings, links), date: clock.now() }));
    else sendInBackground('confirmation note', () => ({ ...renderConfirmation(outcome.subscriber, settings, links), date: clock.now() }));
    return done();
  });

  // ---- the links in emails ---------------------------------------------------------------------------------
  const tokenOf = (request: FastifyRequest) => tokenParam.parse(request.query).token ?? '';
  const badLink = (reply: FastifyReply, check: TokenCheck) =>
    html(
      reply,
      400,
      messagePage(site, {
        title: 'This link does not work',
        lines: [check.ok ? 'This link is not valid.' : check.reason === 'malformed' ? 'This link is incomplete: copy the whole link from the email, or open it from the email again.' : 'This link is not valid for this page.'],
        tone: 'error',
        extra: '<p><a href="/subscribe">Subscribe again</a> · <a href="/">Status page</a></p>',
      }),
    );
  const manageSubscriber = async (reply: FastifyReply, token: string, allowExpired: boolean): Promise<Subscriber | undefined> => {
    const check = signer.verify(token, 'manage', clock.now());
    if (!check.ok && !(check.reason === 'expired' && allowExpired)) {
      if (check.reason === 'expired') {
        html(reply, 410, messagePage(site, { title: 'This link has expired', lines: ['Links in an email work for a year. Use the link in a more recent email.'], tone: 'error' }));
      } else badLink(reply, check);
      return undefined;
    }
    const subscriber = await app.subscribers.find({ id: (check as { claims: { subject: string } }).claims.subject });
    if (!subscriber) {
      html(reply, 404, messagePage(site, { title: 'Nothing to change', lines: ['This address is no longer on the list: it gets no alerts.'], tone: 'notice' }));
      return undefined;
    }
    return subscriber;
  };

  server.get('/confirm', async (request, reply) => {
    const check = signer.verify(tokenOf(request), 'confirm', clock.now());
    if (!check.ok && check.reason !== 'expired') return badLink(reply, check);
    if (!check.ok) {
      return html(reply, 410, messagePage(site, { title: 'This link has expired', lines: [`Confirmation links work for ${settings.serve.confirmHours} hours. Subscribe again to get a new one.`], tone: 'error', extra: '<p><a href="/subscribe">Subscribe again</a></p>' }));
    }
    const { subject, nonce } = check.claims;
    const result = await app.subscribers.edit({ id: subject }, (current) => {
      if (!current) return { result: 'gone' as const };
      if (current.state === 'pending' && current.confirmCode === nonce) {
        const at = clock.now().toISOString();
        const next: Subscriber = { ...current, state: 'active', stateChangedAt: at, consent: current.consent.method === 'double-opt-in' ? { ...current.consent, confirmedAt: at } : current.consent };
        delete next.confirmCode;
        return { next, result: 'confirmed' as const };
      }
      return { result: current.state === 'active' ? ('used' as const) : ('replaced' as const) };
    });
    if (result === 'confirmed' || result === 'used') {
      const subscriber = await app.subscribers.find({ id: subject });
      const manage = subscriber ? `<p><a href="${links.preferences(subscriber).replace(deps.publicUrl, '')}">Choose what you follow</a> · <a href="${links.unsubscribe(subscriber).replace(deps.publicUrl, '')}">Unsubscribe</a></p>` : '';
      return html(
        reply,
        200,
        messagePage(site, {
          title: result === 'confirmed' ? 'You are subscribed' : 'Already confirmed',
          lines: result === 'confirmed' ? ['Thank you. You will get one email when a page you follow really changes.'] : ['This link was already used: your subscription is active. Nothing else to do.'],
          tone: 'notice',
          extra: manage,
        }),
      );
    }
    return html(
      reply,
      410,
      messagePage(site, {
        title: 'This link was replaced',
        lines: [result === 'gone' ? 'This subscription request no longer exists.' : 'A newer confirmation link was sent, or the subscription was ended. Use the newest email, or subscribe again.'],
        tone: 'error',
        extra: '<p><a href="/subscribe">Subscribe again</a></p>',
      }),
    );
  });

  server.get('/unsubscribe', async (request, reply) => {
    const token = tokenOf(request);
    const subscriber = await manageSubscriber(reply, token, true);
    if (!subscriber) return reply;
    if (subscriber.state === 'unsubscribed') return html(reply, 200, messagePage(site, { title: 'You are unsubscribed', lines: ['This address gets no more alerts.'], tone: 'notice' }));
    return html(reply, 200, unsubscribePage(site, token));
  });

  // RFC 8058: a mail provider POSTs "List-Unsubscribe=One-Click" with no cookie and no login; the token is the proof.
  // Leaving must always work, so an expired (but authentic) token still unsubscribes.
  server.post('/unsubscribe', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body['List-Unsubscribe'] !== 'One-Click') throw new HttpProblem(400, 'send List-Unsubscribe=One-Click to unsubscribe');
    const check = signer.verify(tokenOf(request), 'manage', clock.now());
    if (!check.ok && check.reason !== 'expired') return badLink(reply, check);
    const id = check.claims.subject;
    const found = await app.subscribers.edit({ id }, (current) => {
      if (!current) return { result: false };
      if (current.state === 'unsubscribed') return { result: true };
      const next: Subscriber = { ...current, state: 'unsubscribed', stateChangedAt: clock.now().toISOString() };
      delete next.confirmCode;
      return { next, result: true };
    });
    logger.info('serve: a subscriber left', { via: request.headers.origin ? 'page' : 'one-click' });
    return html(reply, 200, messagePage(site, { title: 'You are unsubscribed', lines: [found ? 'This address gets no more alerts. Changed your mind? Subscribe again any time.' : 'This address is not on the list: it gets no alerts.'], tone: 'notice', extra: '<p><a href="/subscribe">Subscribe again</a></p>' }));
  });

  server.get('/preferences', async (request, reply) => {
    const token = tokenOf(request);
    const subscriber = await manageSubscriber(reply, token, false);
    if (!subscriber) return reply;
    return html(reply, 200, preferencesPage(site, { token, formToken: newFormToken(), follow: subscriber.follow, options: followOptions() }));
  });
  server.post('/preferences', async (request, reply) => {
    const token = tokenOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    checkOrigin(request, body.form);
    const subscriber = await manageSubscriber(reply, token, false);
    if (!subscriber) return reply;
    let follow: Follow;
    try {
      follow = followFrom(body);
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      return html(reply, 400, preferencesPage(site, { token, formToken: newFormToken(), follow: subscriber.follow, options: followOptions(), error: error.message[0]!.toUpperCase() + error.message.slice(1) + '.' }));
    }
    await app.subscribers.edit({ id: subscriber.id }, (current) => (current ? { next: { ...current, follow }, result: undefined } : { result: undefined }));
    return html(reply, 200, preferencesPage(site, { token, formToken: newFormToken(), follow, options: followOptions(), saved: true }));
  });

  // ---- the workflow API (GitHub Actions pairing) -----------------------------------------------------------
  const authorize = (request: FastifyRequest) => {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const expected = deps.apiToken ?? '';
    const a = createHmac('sha256', addressKeySecret).update(given).digest();
    const b = createHmac('sha256', addressKeySecret).update(expected).digest();
    if (!deps.apiToken || !given || !a.equals(b)) throw new HttpProblem(401, 'missing or wrong API token: send Authorization: Bearer $POLICYWATCH_SERVE_TOKEN');
  };
  const AlertsBody = z.object({ events: z.array(z.unknown()).max(10_000) });
  server.post('/api/alerts', { bodyLimit: API_BODY_LIMIT }, async (request, reply) => {
    authorize(request);
    const parsed = AlertsBody.safeParse(request.body);
    if (!parsed.success) throw new HttpProblem(400, 'send JSON {"events": [...]}');
    const events: MailEvent[] = [];
    const rejected: string[] = [];
    for (const raw of parsed.data.events) {
      const event = PipelineEventSchema.safeParse(raw);
      if (event.success && isMailEvent(event.data as MailEvent)) events.push(event.data as MailEvent);
      else rejected.push(String((raw as { id?: unknown } | null)?.id ?? '?').slice(0, 100));
    }
    const accepted = alerts.accept(events, clock.now());
    statusCache = undefined;
    void worker.kick();
    return reply.send({ accepted, rejected });
  });
  server.post('/api/status', { bodyLimit: API_BODY_LIMIT }, async (request, reply) => {
    authorize(request);
    const parsed = PushedStatusSchema.safeParse(request.body);
    if (!parsed.success) throw new HttpProblem(400, `the status does not validate: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim());
    savePushedStatus(app.database, parsed.data as SiteStatus, clock.now());
    statusCache = undefined;
    return reply.send({ documents: parsed.data.documents.length, claims: parsed.data.claims.claims.length });
  });

  server.decorate('invalidateStatus', () => {
    statusCache = undefined;
  });
  return server;
}

export function invalidateStatus(server: FastifyInstance): void {
  (server as FastifyInstance & { invalidateStatus(): void }).invalidateStatus();
}
