import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { commentJson as jsonComment, issueJson as jsonIssue, labelJson as jsonLabel } from './github-json.ts';
import type { FakeComment, FakeIssue, FakeLabel, JsonContext } from './github-json.ts';
import { githubOpenApi } from './github-openapi.ts';

export type { FakeComment, FakeIssue, FakeLabel } from './github-json.ts';

/**
 * A local stand-in for the GitHub REST API: the issue and label endpoints the notifier uses, with in-memory state.
 * Every request and every response is checked against GitHub's official OpenAPI description; problems are
 * collected in `violations` (tests assert it stays empty). Faults can be injected: rate limits, 5xx, 401, hangs, and
 * a write that takes effect but whose answer is lost (a 5xx, or none at all).
 */

export type Fault =
  | { kind: 'rate-limit' }
  | { kind: 'secondary-rate-limit' }
  | { kind: 'status'; status: number }
  /** Never answers (until the server closes). */
  | { kind: 'hang' }
  /** Carries the request out, then loses the answer: GitHub's 502 after it created the issue. */
  | { kind: 'applied-then-status'; status: number }
  /** Carries the request out, then never answers (a timeout after the write took effect). */
  | { kind: 'applied-then-hang' };

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  operationId?: string;
  status: number;
  /** The JSON body sent, if any. */
  body?: unknown;
  /** The request reached the handler and succeeded (even if its answer was then lost by an injected fault). */
  applied?: boolean;
}

export interface FakeGithub {
  /** Base URL for Octokit's `baseUrl`. */
  url: string;
  owner: string;
  repo: string;
  token: string;
  issues: FakeIssue[];
  labels: Map<string, FakeLabel>;
  requests: RecordedRequest[];
  violations: string[];
  /** The next `times` matching requests fail with the fault. */
  inject(fault: Fault, options?: { times?: number; method?: string; path?: RegExp }): void;
  /** Resolves once a request is being held by a 'hang' or 'applied-then-hang' fault (a barrier for a kill). */
  waitForHang(): Promise<RecordedRequest>;
  seedIssue(issue: { title: string; body: string; labels: string[]; state?: 'open' | 'closed' }): FakeIssue;
  seedComment(issue: FakeIssue, body: string): FakeComment;
  close(): Promise<void>;
}

interface Route {
  method: string;
  template: string;
  handle(ctx: Ctx): [number, unknown];
}

interface Ctx {
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown>;
}

const DOCS = 'https://docs.github.com/rest';

export async function startFakeGithub(options: { owner?: string; repo?: string; token?: string } = {}): Promise<FakeGithub> {
  const spec = githubOpenApi();
  const owner = options.owner ?? 'acme';
  const repo = options.repo ?? 'guide';
  const token = options.token ?? 'test-token';
  const issues: FakeIssue[] = [];
  const labels = new Map<string, FakeLabel>();
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const faults: { fault: Fault; times: number; method?: string; path?: RegExp }[] = [];
  let nextId = 1000;
  const hangWaiters: ((request: RecordedRequest) => void)[] = [];
  const held = (record: RecordedRequest) => {
    record.status = -1;
    hangWaiters.splice(0).forEach((w) => w(record));
  };
  let base = '';
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

  const jsonContext = (): JsonContext => ({ base, owner, repo });
  const labelJson = (l: FakeLabel) => jsonLabel(jsonContext(), l);
  const ensureLabel = (name: string): FakeLabel => {
    let label = labels.get(name);
    if (!label) {
      // Like GitHub, issue creation makes labels that do not exist yet.
      label = { id: nextId++, name, color: 'ededed', description: null };
      labels.set(name, label);
    }
    return label;
  };
  const issueJson = (i: FakeIssue) => jsonIssue(jsonContext(), i, i.labels.map(ensureLabel));
  const commentJson = (i: FakeIssue, c: FakeComment) => jsonComment(jsonContext(), i, c);
  const notFound = (): [number, unknown] => [404, { message: 'Not Found', documentation_url: DOCS, status: '404' }];
  const findIssue = (ctx: Ctx) => issues.find((i) => i.number === Number(ctx.params.issue_number));

  /** GitHub's pagination: a page of items and a Link header. */
  let linkHeader: string | undefined;
  const paginate = <T>(items: T[], ctx: Ctx, path: string): T[] => {
    const perPage = Math.min(100, Number(ctx.query.per_page ?? 30));
    const page = Math.max(1, Number(ctx.query.page ?? 1));
    const last = Math.max(1, Math.ceil(items.length / perPage));
    if (page < last) {
      const link = (p: number) => `<${base}${path}?${new URLSearchParams({ ...ctx.query, page: String(p) }).toString()}>`;
      linkHeader = `${link(page + 1)}; rel="next", ${link(last)}; rel="last"`;
    }
    return items.slice((page - 1) * perPage, page * perPage);
  };

  const routes: Route[] = [
    {
      method: 'GET',
      template: '/repos/{owner}/{repo}/issues',
      handle(ctx) {
        const state = ctx.query.state ?? 'open';
        const wanted = (ctx.query.labels ?? '').split(',').map((l) => l.trim()).filter(Boolean);
        const found = issues
          .filter((i) => state === 'all' || i.state === state)
          .filter((i) => wanted.every((l) => i.labels.includes(l)))
          .sort((a, b) => b.number - a.number);
        return [200, paginate(found, ctx, `/repos/${owner}/${repo}/issues`).map(issueJson)];
      },
    },
    {
      method: 'POST',
      template: '/repos/{owner}/{repo}/issues',
      handle(ctx) {
        const names = ((ctx.body.labels as string[] | undefined) ?? []).map(String);
        names.forEach(ensureLabel);
        const issue = seed({ title: String(ctx.body.title), body: String(ctx.body.body ?? ''), labels: names });
        return [201, issueJson(issue)];
      },
    },
    {
      method: 'PATCH',
      template: '/repos/{owner}/{repo}/issues/{issue_number}',
      handle(ctx) {
        const issue = findIssue(ctx);
        if (!issue) return notFound();
        if (ctx.body.state === 'closed' && issue.state !== 'closed') {
          issue.state = 'closed';
          issue.closedAt = now();
          issue.stateReason = (ctx.body.state_reason as FakeIssue['stateReason']) ?? 'completed';
        }
        if (ctx.body.state === 'open') Object.assign(issue, { state: 'open', closedAt: null, stateReason: 'reopened' });
        if (typeof ctx.body.title === 'string') issue.title = ctx.body.title;
        if (typeof ctx.body.body === 'string') issue.body = ctx.body.body;
        issue.updatedAt = now();
        return [200, issueJson(issue)];
      },
    },
    {
      method: 'GET',
      template: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      handle(ctx) {
        const issue = findIssue(ctx);
        if (!issue) return notFound();
        const path = `/repos/${owner}/${repo}/issues/${issue.number}/comments`;
        return [200, paginate(issue.comments, ctx, path).map((c) => commentJson(issue, c))];
      },
    },
    {
      method: 'POST',
      template: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      handle(ctx) {
        const issue = findIssue(ctx);
        if (!issue) return notFound();
        const comment = { id: nextId++, body: String(ctx.body.body), createdAt: now() };
        issue.comments.push(comment);
        issue.updatedAt = now();
        return [201, commentJson(issue, comment)];
      },
    },
    {
      method: 'POST',
      template: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
      handle(ctx) {
        const issue = findIssue(ctx);
        if (!issue) return notFound();
        for (const name of (ctx.body.labels as string[]).map(String)) {
          ensureLabel(name);
          if (!issue.labels.includes(name)) issue.labels.push(name);
        }
        return [200, issue.labels.map((name) => labelJson(ensureLabel(name)))];
      },
    },
    {
      method: 'GET',
      template: '/repos/{owner}/{repo}/labels/{name}',
      handle(ctx) {
        const label = labels.get(ctx.params.name ?? '');
        return label ? [200, labelJson(label)] : notFound();
      },
    },
    {
      method: 'POST',
      template: '/repos/{owner}/{repo}/labels',
      handle(ctx) {
        const name = String(ctx.body.name);
        if (labels.has(name)) {
          return [422, { message: 'Validation Failed', documentation_url: DOCS, errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] }];
        }
        const label = { id: nextId++, name, color: String(ctx.body.color ?? 'ededed'), description: (ctx.body.description as string) ?? null };
        labels.set(name, label);
        return [201, labelJson(label)];
      },
    },
  ];

  function seed(input: { title: string; body: string; labels: string[]; state?: 'open' | 'closed' }): FakeIssue {
    const at = now();
    const issue: FakeIssue = {
      id: nextId++,
      number: issues.length + 1,
      title: input.title,
      body: input.body,
      labels: [...input.labels],
      state: input.state ?? 'open',
      stateReason: input.state === 'closed' ? 'completed' : null,
      comments: [],
      createdAt: at,
      updatedAt: at,
      closedAt: input.state === 'closed' ? at : null,
    };
    input.labels.forEach(ensureLabel);
    issues.push(issue);
    return issue;
  }

  function match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const parts = path.split('/');
    for (const route of routes) {
      if (route.method !== method) continue;
      const tparts = route.template.split('/');
      if (tparts.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const ok = tparts.every((t, i) => {
        const actual = decodeURIComponent(parts[i] ?? '');
        if (t.startsWith('{')) {
          params[t.slice(1, -1)] = actual;
          return true;
        }
        return t === actual;
      });
      if (ok) return { route, params };
    }
    return undefined;
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
      ...headers,
    });
    res.end(text);
  }

  function takeFault(method: string, path: string): Fault | undefined {
    const entry = faults.find((f) => f.times > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(path)));
    if (!entry) return undefined;
    entry.times -= 1;
    return entry.fault;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    const query = Object.fromEntries(url.searchParams);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    let bodyIsJson = true;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        bodyIsJson = false;
      }
    }
    const record: RecordedRequest = { method, path, query, status: 0, ...(body === undefined ? {} : { body }) };
    requests.push(record);
    const found = match(method, path);
    if (!found) {
      violations.push(`unexpected request: ${method} ${path}`);
      record.status = 404;
      send(res, 404, { message: 'Not Found', documentation_url: DOCS });
      return;
    }
    const { route, params } = found;
    record.operationId = spec.operation(method, route.template).operationId;

    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${token}` && auth !== `bearer ${token}` && auth !== `Bearer ${token}`) {
      record.status = 401;
      // GitHub answers 401 on any operation; the description does not list it everywhere, so this body is not checked.
      send(res, 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
      return;
    }
    const fault = takeFault(method, path);
    if (fault?.kind === 'hang') return held(record);
    if (fault && fault.kind !== 'applied-then-status' && fault.kind !== 'applied-then-hang') {
      record.status = fault.kind === 'status' ? fault.status : 403;
      if (fault.kind === 'rate-limit') {
        send(res, 403, { message: 'API rate limit exceeded for installation.', documentation_url: DOCS }, {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1),
        });
      } else if (fault.kind === 'secondary-rate-limit') {
        send(res, 403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: DOCS }, {
          'retry-after': '1',
        });
      } else {
        send(res, fault.status, { message: `injected ${fault.status}`, documentation_url: DOCS });
      }
      return;
    }

    if (!bodyIsJson) violations.push(`${method} ${path}: body is not JSON`);
    violations.push(...spec.checkRequest(method, route.template, query, body));
    const ownerOk = params.owner === owner && params.repo === repo;
    linkHeader = undefined;
    const [status, out] = ownerOk ? route.handle({ params, query, body: (body ?? {}) as Record<string, unknown> }) : notFound();
    violations.push(...spec.checkResponse(method, route.template, status, out));
    record.status = status;
    record.applied = status < 300;
    if (fault?.kind === 'applied-then-hang') return held(record);
    if (fault?.kind === 'applied-then-status') {
      record.status = fault.status;
      send(res, fault.status, { message: `injected ${fault.status} after the write took effect`, documentation_url: DOCS });
      return;
    }
    send(res, status, out, linkHeader ? { link: linkHeader } : {});
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push(`server error: ${String(error)}`);
      if (!res.headersSent) send(res, 500, { message: 'fake server error' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    owner,
    repo,
    token,
    issues,
    labels,
    requests,
    violations,
    inject(fault, opts = {}) {
      faults.push({ fault, times: opts.times ?? 1, ...(opts.method ? { method: opts.method } : {}), ...(opts.path ? { path: opts.path } : {}) });
    },
    waitForHang: () => new Promise((resolve) => hangWaiters.push(resolve)),
    seedIssue: seed,
    seedComment(issue, body) {
      const comment = { id: nextId++, body, createdAt: now() };
      issue.comments.push(comment);
      return comment;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
