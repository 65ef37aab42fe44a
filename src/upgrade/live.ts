// Where `upgrade` and doctor's version-age check get the release list: --manifest PATH|URL
// when given; else the live list (the GitHub releases of the official AWS module and the
// VERSIONS.json each new tag pins, read from raw content, short timeout) merged over the
// shipped snapshot; else (--offline, no network, an API error) the shipped snapshot alone.
// The result says which source it is and how old its data is; data older than 30 days makes
// the verdict possibly optimistic (newer releases may exist).
import { BraintrustError } from '../ui/errors.js';
import { loadManifest, SHIPPED_MANIFEST, type Manifest, type Release } from './manifest.js';
import { AWS_VERSIONS_FILES, OFFICIAL, pinsFromVersionsFiles, releasesFromArtifacts, type ArtifactTag } from './module-releases.js';
import { compareVersions, daysBetween, parseVersion } from './version.js';

/** Overrides for tests and mirrors: the GitHub API and raw-content base URLs. */
export const RELEASES_API_ENV = 'BRAINTRUST_RELEASES_API_URL';
export const RELEASES_RAW_ENV = 'BRAINTRUST_RELEASES_RAW_URL';
export const DEFAULT_API = 'https://api.github.com';
export const DEFAULT_RAW = 'https://raw.githubusercontent.com';
/** The live read is a courtesy: it must not hold a CI job up. */
export const LIVE_TIMEOUT_MS = 4_000;
/** Release data older than this may miss releases: the verdict may be optimistic. */
export const STALE_DAYS = 30;
/** At most this many new module tags are read per run (each costs a few small requests). */
const MAX_NEW_TAGS = 20;

export type ReleaseSourceKind = 'live' | 'snapshot' | 'manifest';

export interface ReleaseSource {
  kind: ReleaseSourceKind;
  /** Where the list came from (URL or file). */
  location: string;
  /** The day the data was current (live: today; snapshot: its dataAsOf). */
  asOf: string | null;
  ageDays: number | null;
  stale: boolean;
  /** Why the live list was not used (snapshot only). */
  fallbackReason?: string;
}

export interface ReleaseList {
  manifest: Manifest;
  source: ReleaseSource;
  warnings: string[];
}

export interface ReleaseListOptions {
  manifest?: string;
  offline?: boolean;
  cwd: string;
  now: Date;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  timeoutMs?: number;
}

const trimSlash = (u: string) => u.replace(/\/+$/, '');

class LiveError extends Error {}

async function getJson(url: string, signal: AbortSignal, accept = 'application/json'): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, { signal, headers: { accept, 'user-agent': 'braintrust-self-host' } });
  } catch (e) {
    if (signal.aborted) throw new LiveError(`no answer within the time limit (${url})`);
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new LiveError(`${cause?.code ?? cause?.message ?? (e as Error).message} (${url})`);
  }
  if (res.status === 404) return { status: 404, body: undefined };
  if (!res.ok) throw new LiveError(`HTTP ${res.status} from ${url}`);
  try {
    return { status: res.status, body: await res.json() };
  } catch {
    throw new LiveError(`not JSON: ${url}`);
  }
}

interface GithubRelease {
  tag_name?: unknown;
  published_at?: unknown;
  created_at?: unknown;
  draft?: unknown;
  prerelease?: unknown;
}

/** AWS module tags newer than the snapshot knows, with their pins, read from GitHub. */
export async function readLiveModuleTags(known: Set<string>, opts: { env: NodeJS.ProcessEnv; signal: AbortSignal }): Promise<{ url: string; tags: ArtifactTag[]; seen: number }> {
  const api = trimSlash(opts.env[RELEASES_API_ENV] || DEFAULT_API);
  const raw = trimSlash(opts.env[RELEASES_RAW_ENV] || DEFAULT_RAW);
  const url = `${api}/repos/${OFFICIAL.owner}/${OFFICIAL.aws}/releases?per_page=50`;
  const { body } = await getJson(url, opts.signal, 'application/vnd.github+json');
  if (!Array.isArray(body)) throw new LiveError(`unexpected answer from ${url} (not a list of releases)`);
  const releases = (body as GithubRelease[])
    .filter((r) => typeof r.tag_name === 'string' && parseVersion(r.tag_name) && !r.draft && !r.prerelease)
    .map((r) => ({ version: r.tag_name as string, date: String(r.published_at ?? r.created_at ?? '').slice(0, 10) }))
    .filter((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.date));
  const fresh = releases.filter((r) => !known.has(r.version)).sort((a, b) => compareVersions(b.version, a.version)).slice(0, MAX_NEW_TAGS);
  const tags = await Promise.all(
    fresh.map(async (r) => {
      const files: Record<string, unknown> = {};
      await Promise.all(
        Object.keys(AWS_VERSIONS_FILES).map(async (path) => {
          const got = await getJson(`${raw}/${OFFICIAL.owner}/${OFFICIAL.aws}/${encodeURIComponent(r.version)}/${path}`, opts.signal);
          if (got.status !== 404) files[path] = got.body;
        }),
      );
      return { version: r.version, date: r.date, pins: pinsFromVersionsFiles(files) };
    }),
  );
  return { url, tags, seen: releases.length };
}

/** The snapshot with the releases pinned by new AWS module tags added (required steps stay the snapshot's). */
export function mergeLive(snapshot: Manifest, newTags: ArtifactTag[], location: string, today: string): Manifest {
  const releases: Release[] = snapshot.releases.map((r) => ({ ...r, modules: r.modules ? { ...r.modules } : undefined }));
  for (const draft of releasesFromArtifacts({ aws: newTags })) {
    const existing = releases.find((r) => compareVersions(r.version, draft.version) === 0);
    if (existing) {
      const aws = [...(existing.modules?.aws ?? [])];
      for (const t of draft.modules.aws ?? []) if (!aws.includes(t)) aws.push(t);
      existing.modules = { ...existing.modules, aws };
      continue;
    }
    releases.push({
      version: draft.version,
      date: draft.date,
      components: draft.components,
      modules: draft.modules,
      requiredSteps: [],
      ...(draft.notesUrl ? { notesUrl: draft.notesUrl } : {}),
    });
  }
  releases.sort((a, b) => compareVersions(a.version, b.version));
  const moduleTags = { ...snapshot.moduleTags, aws: [...(snapshot.moduleTags?.aws ?? []), ...newTags].sort((a, b) => compareVersions(a.version, b.version)) };
  return { ...snapshot, source: location, releases, dataAsOf: today, moduleTags };
}

function asOfOf(m: Manifest): string | null {
  return m.dataAsOf ?? m.releases[m.releases.length - 1]?.date ?? null;
}

function describeAge(source: ReleaseSource): string | undefined {
  if (!source.stale || source.asOf === null) return undefined;
  const what = source.kind === 'snapshot' ? 'The shipped release snapshot' : 'The release manifest';
  return `${what} is ${source.ageDays} days old (data as of ${source.asOf}): newer releases may exist, so this verdict may be optimistic. ` +
    (source.kind === 'snapshot' ? 'Allow access to api.github.com and raw.githubusercontent.com, or pass --manifest with a current list.' : 'Pass a current --manifest, or omit it to read the live list.');
}

function finish(manifest: Manifest, kind: ReleaseSourceKind, now: Date, fallbackReason?: string): ReleaseList {
  const asOf = kind === 'live' ? now.toISOString().slice(0, 10) : asOfOf(manifest);
  const ageDays = asOf ? daysBetween(asOf, now) : null;
  const source: ReleaseSource = {
    kind,
    location: manifest.source,
    asOf,
    ageDays,
    stale: ageDays !== null && ageDays > STALE_DAYS,
    ...(fallbackReason ? { fallbackReason } : {}),
  };
  const warnings: string[] = [];
  if (fallbackReason) warnings.push(`Using the shipped release snapshot: ${fallbackReason}.`);
  const age = describeAge(source);
  if (age) warnings.push(age);
  return { manifest, source, warnings };
}

/** The release list for a verdict: --manifest, else live over the snapshot, else the snapshot. */
export async function loadReleaseList(opts: ReleaseListOptions): Promise<ReleaseList> {
  if (opts.manifest !== undefined) {
    const m = await loadManifest(opts.manifest, { cwd: opts.cwd, signal: opts.signal });
    return finish(m, 'manifest', opts.now);
  }
  const snapshot = await loadManifest(undefined, { cwd: opts.cwd, signal: opts.signal });
  if (opts.offline) return finish(snapshot, 'snapshot', opts.now, 'offline (--offline)');
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? LIVE_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  try {
    const known = new Set((snapshot.moduleTags?.aws ?? []).map((t) => t.version));
    const live = await readLiveModuleTags(known, { env: opts.env ?? process.env, signal });
    if (live.seen === 0) throw new LiveError(`no module releases listed at ${live.url}`);
    const merged = mergeLive(snapshot, live.tags, live.url, opts.now.toISOString().slice(0, 10));
    const result = finish(merged, 'live', opts.now);
    const added = merged.releases.filter((r) => !snapshot.releases.some((s) => compareVersions(s.version, r.version) === 0)).map((r) => r.version);
    if (added.length) {
      result.warnings.push(`${added.join(', ')} ${added.length > 1 ? 'are' : 'is'} newer than the shipped snapshot: required steps are not read live, so check ${added.length > 1 ? 'their' : 'its'} release notes before upgrading (or update braintrust-self-host).`);
    }
    return result;
  } catch (e) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (e instanceof LiveError) return finish(snapshot, 'snapshot', opts.now, `the live release list could not be read (${e.message})`);
    if (e instanceof BraintrustError) throw e;
    return finish(snapshot, 'snapshot', opts.now, `the live release list could not be read (${(e as Error).message})`);
  }
}

export { SHIPPED_MANIFEST };
