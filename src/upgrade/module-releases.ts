// From the official modules' history to data plane releases (pure). Shared by the manifest
// generator (scripts/build-release-manifest.ts, reading local git clones) and the live read
// (src/upgrade/live.ts, reading GitHub): a module tag pins service versions in
// modules/*/VERSIONS.json; a Helm chart tag pins image tags in values.yaml. A release is a
// service version some official artifact pins; nothing else is inferred.
import { compareVersions, normalizeVersion, parseVersion } from './version.js';

export const OFFICIAL = {
  owner: 'braintrustdata',
  aws: 'terraform-aws-braintrust-data-plane',
  gcp: 'terraform-google-braintrust-data-plane',
  azure: 'terraform-azure-braintrust-data-plane',
  helm: 'helm',
} as const;

export const repoUrl = (repo: string) => `https://github.com/${OFFICIAL.owner}/${repo}`;

/** Service versions one artifact pins, by component. Only release-shaped values (v2.12.0). */
export interface Pins {
  api?: string;
  brainstore?: string;
  lambda?: string;
  gateway?: string;
}

export interface ArtifactTag {
  /** The module or chart tag, as tagged (v6.6.0, 6.11.0). */
  version: string;
  /** YYYY-MM-DD. */
  date: string;
  pins: Pins;
}

/** The VERSIONS.json files the AWS module has carried, and the component each names. */
export const AWS_VERSIONS_FILES: Record<string, { key: string; component: keyof Pins }> = {
  'modules/api-ecs/VERSIONS.json': { key: 'api', component: 'api' },
  'modules/brainstore-ec2/VERSIONS.json': { key: 'brainstore', component: 'brainstore' },
  'modules/brainstore/VERSIONS.json': { key: 'brainstore', component: 'brainstore' },
  'modules/services/VERSIONS.json': { key: 'lambda_version_tag', component: 'lambda' },
  'modules/gateway-ecs/VERSIONS.json': { key: 'gateway', component: 'gateway' },
};

/** A release-shaped value in the v form, else undefined ("latest", "prerelease", a commit hash). */
export function releaseValue(v: unknown): string | undefined {
  return typeof v === 'string' && parseVersion(v) ? normalizeVersion(v) : undefined;
}

/** Pins from the parsed VERSIONS.json files of one AWS module tag (path -> JSON). */
export function pinsFromVersionsFiles(files: Record<string, unknown>): Pins {
  const pins: Pins = {};
  for (const [path, json] of Object.entries(files)) {
    const spec = AWS_VERSIONS_FILES[path];
    if (!spec || !json || typeof json !== 'object') continue;
    const v = releaseValue((json as Record<string, unknown>)[spec.key]);
    if (v) pins[spec.component] = v;
  }
  return pins;
}

/** The one release an artifact deploys: all its release-shaped pins agree, else none. */
export function releaseOf(pins: Pins): string | undefined {
  const values = [...new Set(Object.values(pins).filter((v): v is string => Boolean(v)))];
  return values.length === 1 ? values[0] : undefined;
}

export interface ReleaseModules {
  /** AWS module tags whose VERSIONS.json pin this release, oldest first. */
  aws?: string[];
  /** Helm chart versions whose default image tags are this release, oldest first. */
  helm?: string[];
  /** GCP / Azure infrastructure modules pin no service version: the newest tag on or before the release date. */
  gcp?: string;
  azure?: string;
}

export interface DraftRelease {
  version: string;
  date: string;
  components: { api?: string; brainstore?: string; lambda?: string; gateway?: string; helmChart?: string };
  modules: ReleaseModules;
  notesUrl?: string;
}

const byVersion = (a: ArtifactTag, b: ArtifactTag) => compareVersions(a.version, b.version) || a.date.localeCompare(b.date);

/** Newest tag dated on or before `date` (tags: version + date). */
export function tagAt(tags: { version: string; date: string }[], date: string): string | undefined {
  const before = tags.filter((t) => t.date <= date).sort((a, b) => a.date.localeCompare(b.date) || compareVersions(a.version, b.version));
  return before[before.length - 1]?.version;
}

/**
 * Releases from artifact tags: every release-shaped service version an AWS module tag or a
 * chart tag pins. Its date is the earliest such tag's; components are the pins that name it.
 */
export function releasesFromArtifacts(input: {
  aws: ArtifactTag[];
  helm?: ArtifactTag[];
  gcp?: { version: string; date: string }[];
  azure?: { version: string; date: string }[];
}): DraftRelease[] {
  const out = new Map<string, DraftRelease>();
  const add = (kind: 'aws' | 'helm', tag: ArtifactTag) => {
    const v = releaseOf(tag.pins);
    if (!v) return;
    const r = out.get(v) ?? { version: v, date: tag.date, components: {}, modules: {} };
    if (tag.date < r.date) r.date = tag.date;
    for (const [k, pinned] of Object.entries(tag.pins)) if (pinned === v) r.components[k as keyof Pins] = v;
    const list = (r.modules[kind] ??= []);
    if (!list.includes(tag.version)) list.push(tag.version);
    if (kind === 'helm') r.components.helmChart = tag.version;
    out.set(v, r);
  };
  for (const t of [...input.aws].sort(byVersion)) add('aws', t);
  for (const t of [...(input.helm ?? [])].sort(byVersion)) add('helm', t);
  const releases = [...out.values()].sort((a, b) => compareVersions(a.version, b.version));
  for (const r of releases) {
    const gcp = input.gcp?.length ? tagAt(input.gcp, r.date) : undefined;
    const azure = input.azure?.length ? tagAt(input.azure, r.date) : undefined;
    if (gcp) r.modules.gcp = gcp;
    if (azure) r.modules.azure = azure;
    const firstAws = r.modules.aws?.[0];
    const firstChart = r.modules.helm?.[0];
    if (firstAws) r.notesUrl = `${repoUrl(OFFICIAL.aws)}/releases/tag/${firstAws}`;
    else if (firstChart) r.notesUrl = `${repoUrl(OFFICIAL.helm)}/releases/tag/${firstChart}`;
  }
  return releases;
}
