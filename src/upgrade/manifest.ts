// The release manifest: which data plane releases exist, when they shipped, the component
// versions they pin, and the steps a release requires (an upgrade stops on such a release
// instead of jumping over it). A copy ships at templates/release-manifest.json;
// --manifest PATH|URL reads another. Validated with zod on load.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { describeIssues, issueMessages } from '../config/load.js';
import { templatesDir } from '../paths.js';
import { BraintrustError } from '../ui/errors.js';
import { compareVersions, normalizeVersion, parseVersion } from './version.js';

export const SHIPPED_MANIFEST = resolve(templatesDir, 'release-manifest.json');
/** How long a manifest URL may take before it counts as unreachable. */
export const MANIFEST_TIMEOUT_MS = 10_000;

function isoDate() {
  return z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'a date like 2026-08-17' });
}

const version = z.string().refine((v) => parseVersion(v) !== undefined, { message: 'a release like v2.12.0' });

export const requiredStepSchema = z.strictObject({
  id: z.string().min(1),
  description: z.string().min(1).describe('What the release changes that later releases depend on'),
  docsUrl: z.string().url().optional(),
  /** Where the step is written down (a line of a migration guide, README or variable). */
  sourceUrl: z.string().url().optional(),
  /** The clouds the step applies to; absent: all. */
  clouds: z.array(z.enum(['aws', 'gcp', 'azure', 'docker'])).optional(),
});

const pinsSchema = z.strictObject({
  api: z.string().min(1).optional(),
  brainstore: z.string().min(1).optional(),
  lambda: z.string().min(1).optional(),
  gateway: z.string().min(1).optional(),
});

const artifactTagSchema = z.strictObject({ version: z.string().min(1), date: isoDate(), pins: pinsSchema });

export const releaseSchema = z.strictObject({
  version,
  /** The earliest official artifact (module or chart tag) that pins this release. */
  date: isoDate(),
  components: pinsSchema.extend({ helmChart: z.string().min(1).optional() }).default({}),
  /** Which official module versions ship this release (see module-releases.ts). */
  modules: z
    .strictObject({
      aws: z.array(z.string().min(1)).optional(),
      helm: z.array(z.string().min(1)).optional(),
      gcp: z.string().min(1).optional(),
      azure: z.string().min(1).optional(),
    })
    .optional(),
  requiredSteps: z.array(requiredStepSchema).default([]),
  notesUrl: z.string().url().optional(),
});

const sourceSchema = z.strictObject({
  name: z.string().min(1),
  url: z.string().url(),
  /** Newest tag read, and the newest commit date seen in the clone (how current the data is). */
  newestTag: z.string().optional(),
  newestCommitDate: isoDate().optional(),
});

export const manifestSchema = z.strictObject({
  $comment: z.string().optional(),
  schemaVersion: z.literal(1),
  generatedAt: z.string().datetime().optional(),
  /** The newest commit date in the sources: the snapshot knows nothing after it. */
  dataAsOf: isoDate().optional(),
  sources: z.array(sourceSchema).optional(),
  /** Tags of the official modules with their dates and pins (aws, helm), or dates (gcp, azure). */
  moduleTags: z
    .strictObject({
      aws: z.array(artifactTagSchema).optional(),
      helm: z.array(artifactTagSchema).optional(),
      gcp: z.array(z.strictObject({ version: z.string(), date: isoDate() })).optional(),
      azure: z.array(z.strictObject({ version: z.string(), date: isoDate() })).optional(),
    })
    .optional(),
  releases: z.array(releaseSchema).min(1),
});

export type Release = z.output<typeof releaseSchema>;
export type RequiredStep = z.output<typeof requiredStepSchema>;
export type ManifestDoc = z.output<typeof manifestSchema>;
export interface Manifest {
  source: string;
  /** Oldest first, versions normalized to the v form. */
  releases: Release[];
  generatedAt?: string;
  dataAsOf?: string;
  sources?: ManifestDoc['sources'];
  moduleTags?: ManifestDoc['moduleTags'];
}

function invalid(source: string, message: string, details: string[] = []): BraintrustError {
  return new BraintrustError(`Release manifest ${source} is invalid: ${message}`, {
    code: 'MANIFEST_INVALID',
    details,
    hint: 'Pass --manifest with a manifest of schemaVersion 1 (see templates/release-manifest.json), or omit it to use the shipped copy.',
  });
}

/** Validate a parsed manifest (pure): releases sorted oldest first, duplicates refused. */
export function parseManifest(input: unknown, source: string): Manifest {
  const parsed = manifestSchema.safeParse(input, { errorMap: issueMessages });
  if (!parsed.success) {
    const details = describeIssues(parsed.error.issues, input);
    throw invalid(source, `${details.length} problem(s)`, details);
  }
  const releases = parsed.data.releases
    .map((r) => ({ ...r, version: normalizeVersion(r.version) }))
    .sort((a, b) => compareVersions(a.version, b.version));
  const dup = releases.find((r, i) => i > 0 && releases[i - 1].version === r.version);
  if (dup) throw invalid(source, `release ${dup.version} is listed twice`);
  const { generatedAt, dataAsOf, sources, moduleTags } = parsed.data;
  return { source, releases, generatedAt, dataAsOf, sources, moduleTags };
}

export function findRelease(manifest: Manifest, v: string): Release | undefined {
  return manifest.releases.find((r) => compareVersions(r.version, v) === 0);
}

export function latestRelease(manifest: Manifest): Release {
  return manifest.releases[manifest.releases.length - 1];
}

async function fetchText(url: string, signal?: AbortSignal): Promise<string> {
  const timeout = AbortSignal.timeout(MANIFEST_TIMEOUT_MS);
  const unreachable = (why: string) =>
    new BraintrustError(`Cannot read the release manifest at ${url}: ${why}`, {
      code: 'MANIFEST_UNREACHABLE',
      hint: 'Check the URL and your network (proxy, firewall), or pass --manifest with a local copy; without --manifest the shipped snapshot is used.',
    });
  let res: Response;
  try {
    res = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, headers: { accept: 'application/json' } });
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) throw unreachable(`no answer within ${MANIFEST_TIMEOUT_MS / 1000}s`);
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw unreachable(cause?.code ?? cause?.message ?? (e as Error).message);
  }
  if (!res.ok) throw unreachable(`HTTP ${res.status} ${res.statusText}`.trim());
  return res.text();
}

/** Read and validate a manifest: the shipped copy, a local file, or an http(s) URL. */
export async function loadManifest(from: string | undefined, opts: { cwd: string; signal?: AbortSignal }): Promise<Manifest> {
  const isUrl = from !== undefined && /^https?:\/\//i.test(from);
  const source = from === undefined ? SHIPPED_MANIFEST : isUrl ? from : resolve(opts.cwd, from);
  let text: string;
  if (isUrl) {
    text = await fetchText(source, opts.signal);
  } else {
    try {
      text = await readFile(source, 'utf8');
    } catch (e) {
      throw new BraintrustError(`Cannot read the release manifest ${source}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
        code: 'MANIFEST_NOT_FOUND',
        hint: 'Pass --manifest with an existing file or an http(s) URL.',
      });
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw invalid(source, `not JSON (${(e as Error).message})`);
  }
  return parseManifest(json, source);
}
