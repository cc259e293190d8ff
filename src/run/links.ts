/**
 * Links to the snapshot history when running in GitHub Actions. The snapshot commit is made after the check,
 * so the workflow passes it in POLICYWATCH_SNAPSHOT_COMMIT to the notify step when it has it.
 */
export function actionsLinks(env: NodeJS.ProcessEnv): ((docId: string) => { commit?: string; compare?: string }) | undefined {
  const server = env.GITHUB_SERVER_URL;
  const repo = env.GITHUB_REPOSITORY;
  if (!server || !repo || env.GITHUB_ACTIONS !== 'true') return undefined;
  const base = `${server}/${repo}`;
  const commit = env.POLICYWATCH_SNAPSHOT_COMMIT;
  const branch = env.GITHUB_REF_NAME;
  return (docId) => ({
    commit: commit ? `${base}/commit/${commit}` : `${base}/commits/${branch ?? 'HEAD'}/snapshots/${docId}`,
    ...(env.GITHUB_SHA && (commit || branch) ? { compare: `${base}/compare/${env.GITHUB_SHA}...${commit ?? branch}` } : {}),
  });
}
