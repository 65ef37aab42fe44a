// The release manifest: which data plane releases exist, when they shipped, the component
// versions they pin, and the steps a release requires (an upgrade stops on such a release
// instead of jumping over it). A copy ships at templates/release-manifest.json;
// --manifest PATH|URL reads another. Validated with zod on load.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { describeIssues, issueMessages } from '../config/load.js';
import { templatesDir } from '../paths.js';
import { BraintrustError, ExitCode } from '../ui/errors.js';
import { compareVersions, normalizeVersion, parseVersion } from './version.js';

export const SHIPPED_MANIFEST = resolve(templatesDir, 'release-manifest.json');
/** How long a manifest URL may take before it counts as unreachable. */
export const MANIFEST_TIMEOUT_MS = 10_000;

const version = z.string().refine((v) => parseVersion(v) !== undefined, { message: 'a release like v2.12.0' });

export const requiredStepSchema = z.strictObject({
  id: z.string().min(1),
  description: z.string().min(1).describe('What the release changes that later releases depend on'),
  docsUrl: z.string().url().optional(),
});

export const releaseSchema = z.strictObject({
  version,
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'a date like 2026-08-17' }),
  components: z.strictObject({
    api: z.string().min(1),
    brainstore: z.string().min(1),
    lambda: z.string().min(1).optional(),
    helmChart: z.string().min(1).optional(),
  }),
  requiredSteps: z.array(requiredStepSchema).default([]),
  notesUrl: z.string().url(),
});

export const manifestSchema = z.strictObject({
  $comment: z.string().optional(),
  schemaVersion: z.literal(1),
  releases: z.array(releaseSchema).min(1),
});

export type Release = z.output<typeof releaseSchema>;
export type RequiredStep = z.output<typeof requiredStepSchema>;
export interface Manifest {
  source: string;
  /** Oldest first, versions normalized to the v form. */
  releases: Release[];
}

function invalid(source: string, message: string, details: string[] = []): BraintrustError {
  return new BraintrustError(`Release manifest ${source} is invalid: ${message}`, {
    code: 'MANIFEST_INVALID',
    exitCode: ExitCode.usage,
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
  return { source, releases };
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
      exitCode: ExitCode.failed,
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
        exitCode: ExitCode.usage,
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
