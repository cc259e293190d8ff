/** GitHub's JSON shapes for the fake server's in-memory issues, labels and comments (checked against the OpenAPI description). */

export interface FakeLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface FakeComment {
  id: number;
  body: string;
  createdAt: string;
}

export interface FakeIssue {
  id: number;
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | null;
  comments: FakeComment[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface JsonContext {
  /** The fake's base URL (API and web pages share it). */
  base: string;
  owner: string;
  repo: string;
}

const user = {
  login: 'policywatch-bot',
  id: 1,
  node_id: 'MDQ6VXNlcjE=',
  avatar_url: 'https://avatars.example.test/u/1',
  gravatar_id: '',
  url: 'https://api.example.test/users/policywatch-bot',
  html_url: 'https://example.test/policywatch-bot',
  followers_url: 'https://api.example.test/users/policywatch-bot/followers',
  following_url: 'https://api.example.test/users/policywatch-bot/following{/other_user}',
  gists_url: 'https://api.example.test/users/policywatch-bot/gists{/gist_id}',
  starred_url: 'https://api.example.test/users/policywatch-bot/starred{/owner}{/repo}',
  subscriptions_url: 'https://api.example.test/users/policywatch-bot/subscriptions',
  organizations_url: 'https://api.example.test/users/policywatch-bot/orgs',
  repos_url: 'https://api.example.test/users/policywatch-bot/repos',
  events_url: 'https://api.example.test/users/policywatch-bot/events{/privacy}',
  received_events_url: 'https://api.example.test/users/policywatch-bot/received_events',
  type: 'Bot',
  site_admin: false,
};

const repoApi = (c: JsonContext) => `${c.base}/repos/${c.owner}/${c.repo}`;

export const labelJson = (c: JsonContext, l: FakeLabel) => ({
  id: l.id,
  node_id: `LA_${l.id}`,
  url: `${repoApi(c)}/labels/${encodeURIComponent(l.name)}`,
  name: l.name,
  description: l.description,
  color: l.color,
  default: false,
});

export const issueJson = (c: JsonContext, i: FakeIssue, labels: FakeLabel[]) => ({
  id: i.id,
  node_id: `I_${i.id}`,
  url: `${repoApi(c)}/issues/${i.number}`,
  repository_url: repoApi(c),
  labels_url: `${repoApi(c)}/issues/${i.number}/labels{/name}`,
  comments_url: `${repoApi(c)}/issues/${i.number}/comments`,
  events_url: `${repoApi(c)}/issues/${i.number}/events`,
  html_url: `${c.base}/${c.owner}/${c.repo}/issues/${i.number}`,
  number: i.number,
  state: i.state,
  state_reason: i.stateReason,
  title: i.title,
  body: i.body,
  user,
  labels: labels.map((l) => labelJson(c, l)),
  assignee: null,
  assignees: [],
  milestone: null,
  locked: false,
  active_lock_reason: null,
  comments: i.comments.length,
  closed_at: i.closedAt,
  created_at: i.createdAt,
  updated_at: i.updatedAt,
  author_association: 'NONE',
});

export const commentJson = (c: JsonContext, i: FakeIssue, comment: FakeComment) => ({
  id: comment.id,
  node_id: `IC_${comment.id}`,
  url: `${repoApi(c)}/issues/comments/${comment.id}`,
  html_url: `${c.base}/${c.owner}/${c.repo}/issues/${i.number}#issuecomment-${comment.id}`,
  issue_url: `${repoApi(c)}/issues/${i.number}`,
  body: comment.body,
  user,
  created_at: comment.createdAt,
  updated_at: comment.createdAt,
  author_association: 'NONE',
});
