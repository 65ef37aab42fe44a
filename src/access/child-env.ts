// The environment each external tool gets: what it needs, not the CLI's whole environment (so
// psql never sees cloud keys or the license key, and aws never sees database passwords).
// BRAINTRUST_CHILD_ENV adds names (comma-separated, NAME or PREFIX*) for setups that need more
// (a credential helper's variables, a test harness).

export type ChildKind = 'aws' | 'gcloud' | 'az' | 'kubectl' | 'psql' | 'redis-cli';

/** Everything a program needs to run on the user's machine: paths, locale, terminal, proxies, CAs. */
const BASE = [
  'PATH', 'Path', 'PATHEXT', 'SYSTEMROOT', 'SystemRoot', 'WINDIR', 'COMSPEC', 'HOME', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA',
  'USER', 'LOGNAME', 'SHELL', 'TMPDIR', 'TMP', 'TEMP', 'LANG', 'LANGUAGE', 'LC_*', 'TZ', 'TERM', 'COLORTERM', 'NO_COLOR', 'COLUMNS', 'LINES',
  'XDG_*', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'ALL_PROXY', 'all_proxy',
  'SSL_CERT_FILE', 'SSL_CERT_DIR', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE',
];

const GCLOUD = ['CLOUDSDK_*', 'GOOGLE_*', 'GCE_*', 'USE_GKE_GCLOUD_AUTH_PLUGIN'];
const AZURE = ['AZURE_*', 'AAD_*', 'ARM_*', 'MSI_*', 'IDENTITY_*'];

const PER_KIND: Record<ChildKind, string[]> = {
  aws: ['AWS_*', 'SSM_PLUGIN_*'],
  gcloud: GCLOUD,
  az: AZURE,
  // kubectl runs the clusters' auth plugins (gke-gcloud-auth-plugin, kubelogin).
  kubectl: ['KUBECONFIG', 'KUBECACHEDIR', ...GCLOUD, ...AZURE],
  // Connection settings and the terminal tools psql uses; PGPASSWORD is set by the caller.
  psql: ['PG*', 'PAGER', 'PSQL_*', 'PSQLRC', 'EDITOR', 'VISUAL', 'LESS', 'MORE'],
  'redis-cli': ['REDISCLI_*'],
};

/** Never inherited, whatever the patterns say: the caller sets them when it means to. */
const NEVER = new Set(['PGPASSWORD', 'REDISCLI_AUTH']);

function matches(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

export const CHILD_ENV_EXTRA = 'BRAINTRUST_CHILD_ENV';

/** The subset of env a `kind` child gets. */
export function childEnv(kind: ChildKind, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const extra = (env[CHILD_ENV_EXTRA] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const allowed = [...BASE, ...PER_KIND[kind], ...extra];
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && !NEVER.has(k) && matches(k, allowed)) out[k] = v;
  }
  return out;
}

/** The child kind of a tool path (its file name), for the tools that have one. */
export function childKindOf(file: string): ChildKind | undefined {
  const name = file.split(/[\\/]/).pop()?.replace(/\.(exe|cmd|bat)$/i, '');
  return name && name in PER_KIND ? (name as ChildKind) : undefined;
}
