// Builds templates/release-manifest.json from local clones (bare is fine) of the official
// repositories: every tag and its date, the service versions each AWS module tag pins
// (modules/*/VERSIONS.json), the Helm chart tag carrying each one (values.yaml image tags),
// the GCP/Azure module tags, and required steps with a link to the line that states them.
// Nothing is guessed: a field the history does not give is left out.
//
//   npm run build && node dist/scripts/build-release-manifest.js \
//     --aws <gitdir> --gcp <gitdir> --azure <gitdir> --helm <gitdir> [--out templates/release-manifest.json]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import {
  AWS_VERSIONS_FILES, OFFICIAL, pinsFromVersionsFiles, releaseOf, releaseValue, releasesFromArtifacts, repoUrl,
  type ArtifactTag, type DraftRelease, type Pins,
} from '../src/upgrade/module-releases.js';
import type { RequiredStep } from '../src/upgrade/manifest.js';
import { compareVersions, parseVersion } from '../src/upgrade/version.js';
import { SHIPPED_MANIFEST } from '../src/upgrade/manifest.js';

export interface RepoDirs {
  aws: string;
  gcp?: string;
  azure?: string;
  helm?: string;
}

function git(dir: string, args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

function tryShow(dir: string, ref: string, path: string): string | undefined {
  try {
    return git(dir, ['show', `${ref}:${path}`]);
  } catch {
    return undefined;
  }
}

/** Release-shaped tags (v6.6.0, 6.11.0; no pre-releases) with the date of the commit they point at. */
export function listTags(dir: string): { version: string; date: string; commit: string }[] {
  const out = git(dir, ['for-each-ref', '--format=%(refname:short)|%(*committerdate:short)|%(committerdate:short)|%(*objectname)|%(objectname)', 'refs/tags']);
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [name, peeledDate, date, peeled, obj] = l.split('|');
      return { version: name, date: peeledDate || date, commit: peeled || obj };
    })
    .filter((t) => parseVersion(t.version) !== undefined)
    .sort((a, b) => compareVersions(a.version, b.version));
}

function newestCommitDate(dir: string): string | undefined {
  const d = git(dir, ['log', '-1', '--all', '--format=%cs']).trim();
  return d || undefined;
}

export function awsModuleTags(dir: string): ArtifactTag[] {
  return listTags(dir).map((t) => {
    const files: Record<string, unknown> = {};
    const present = new Set(git(dir, ['ls-tree', '-r', '--name-only', t.commit]).split('\n'));
    for (const path of Object.keys(AWS_VERSIONS_FILES)) {
      if (!present.has(path)) continue;
      try {
        files[path] = JSON.parse(tryShow(dir, t.commit, path) ?? 'null');
      } catch {
        // A VERSIONS.json that is not JSON pins nothing.
      }
    }
    return { version: t.version, date: t.date, pins: pinsFromVersionsFiles(files) };
  });
}

/** Chart tags with the release-shaped image tags their values.yaml defaults to. */
export function helmChartTags(dir: string): ArtifactTag[] {
  return listTags(dir).map((t) => {
    const pins: Pins = {};
    const text = tryShow(dir, t.commit, 'braintrust/values.yaml');
    if (text) {
      try {
        const v = parseYaml(text) as Record<string, { image?: { tag?: unknown } } | undefined>;
        const api = releaseValue(v?.api?.image?.tag);
        const brainstore = releaseValue(v?.brainstore?.image?.tag);
        const gateway = releaseValue(v?.aiGateway?.image?.tag);
        if (api) pins.api = api;
        if (brainstore) pins.brainstore = brainstore;
        if (gateway) pins.gateway = gateway;
      } catch {
        // Unparseable values.yaml pins nothing.
      }
    }
    return { version: t.version, date: t.date, pins };
  });
}

/** 1-based line of the first line matching `re`, or undefined. */
function lineOf(text: string, re: RegExp): number | undefined {
  const i = text.split('\n').findIndex((l) => re.test(l));
  return i < 0 ? undefined : i + 1;
}

const blob = (repo: string, ref: string, path: string, line?: number) => `${repoUrl(repo)}/blob/${ref}/${path}${line ? `#L${line}` : ''}`;

interface FoundStep {
  /** The AWS module tag whose pinned release carries the step. */
  moduleTag: string;
  step: RequiredStep;
}

/**
 * Required steps stated in the AWS module: the migration guide of each major (MIGRATION_V<n>.md
 * first present at v<n>.0.0) and the Data Plane 2.0 WAL footer change (the first tag whose
 * brainstore_wal_footer_version defaults to v3, with the README's 2.0 upgrade guide link).
 */
export function requiredStepsFromAws(dir: string, tags: ArtifactTag[]): FoundStep[] {
  const found: FoundStep[] = [];
  for (const t of tags) {
    const v = parseVersion(t.version)!;
    if (v[1] !== 0 || v[2] !== 0) continue;
    const path = `MIGRATION_V${v[0]}.md`;
    const guide = tryShow(dir, t.version, path);
    if (!guide) continue;
    const paras = guide.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p && !p.startsWith('#'));
    const what = paras.find((p) => /\bmoves\b|\brequires\b|\bchanges?\b/i.test(p) && !/one major version at a time/i.test(p)) ?? paras[0];
    const stepsLine = lineOf(guide, /^##\s+Upgrade steps/i);
    const routine = /\((https:\/\/www\.braintrust\.dev\/docs\/admin\/self-hosting\/upgrade\/routine)\)/.exec(guide)?.[1];
    found.push({
      moduleTag: t.version,
      step: {
        id: `aws-module-v${v[0]}-migration`,
        description: `${OFFICIAL.aws} v${v[0]}: ${what.replace(/\*\*/g, '').replace(/\s+/g, ' ')} Upgrade the module one major version at a time and follow ${path}.`,
        ...(routine ? { docsUrl: routine } : {}),
        sourceUrl: blob(OFFICIAL.aws, t.version, path, stepsLine),
        clouds: ['aws'],
      },
    });
  }
  // The WAL footer: the first tag whose variables.tf defaults brainstore_wal_footer_version to "v3".
  for (const t of tags) {
    const vars = tryShow(dir, t.version, 'variables.tf');
    if (!vars) continue;
    const block = /variable\s+"brainstore_wal_footer_version"\s*\{([\s\S]*?)\n\}/.exec(vars);
    if (!block || !/default\s*=\s*"v3"/.test(block[1])) continue;
    const description = /description\s*=\s*"([^"]*)"/.exec(block[1])?.[1];
    const line = lineOf(vars, /variable\s+"brainstore_wal_footer_version"/);
    const readme = tryShow(dir, t.version, 'README.md') ?? '';
    const guide = /\[Data Plane 2\.0 upgrade guide\]\((https:[^)]+)\)/.exec(readme)?.[1];
    found.push({
      moduleTag: t.version,
      step: {
        id: 'brainstore-wal-footer-v3',
        description: `Data Plane 2.0 writes the Brainstore WAL footer v3 (brainstore_wal_footer_version defaults to "v3" from ${OFFICIAL.aws} ${t.version}).${description ? ` ${description}` : ''}`,
        ...(guide ? { docsUrl: guide } : {}),
        sourceUrl: blob(OFFICIAL.aws, t.version, 'variables.tf', line),
      },
    });
    break;
  }
  return found;
}

export interface BuildOptions {
  now?: Date;
}

export function buildManifest(dirs: RepoDirs, opts: BuildOptions = {}) {
  const aws = awsModuleTags(dirs.aws);
  const helm = dirs.helm ? helmChartTags(dirs.helm) : [];
  const gcp = dirs.gcp ? listTags(dirs.gcp).map(({ version, date }) => ({ version, date })) : [];
  const azure = dirs.azure ? listTags(dirs.azure).map(({ version, date }) => ({ version, date })) : [];
  const drafts: (DraftRelease & { requiredSteps: RequiredStep[] })[] = releasesFromArtifacts({ aws, helm, gcp, azure }).map((r) => ({ ...r, requiredSteps: [] }));
  for (const { moduleTag, step } of requiredStepsFromAws(dirs.aws, aws)) {
    const pinned = releaseOf(aws.find((t) => t.version === moduleTag)?.pins ?? {});
    const release = drafts.find((r) => r.version === pinned);
    if (release) release.requiredSteps.push(step);
  }
  const sources = (
    [['aws', OFFICIAL.aws, aws], ['gcp', OFFICIAL.gcp, gcp], ['azure', OFFICIAL.azure, azure], ['helm', OFFICIAL.helm, helm]] as const
  )
    .filter(([k]) => dirs[k])
    .map(([k, repo, tags]) => ({
      name: `${OFFICIAL.owner}/${repo}`,
      url: repoUrl(repo),
      ...(tags.length ? { newestTag: tags[tags.length - 1].version } : {}),
      ...(newestCommitDate(dirs[k]!) ? { newestCommitDate: newestCommitDate(dirs[k]!) } : {}),
    }));
  const dataAsOf = sources.map((s) => s.newestCommitDate).filter((d): d is string => Boolean(d)).sort().at(-1);
  const releases = drafts.map((r) => ({
    version: r.version,
    date: r.date,
    components: r.components,
    modules: r.modules,
    requiredSteps: r.requiredSteps,
    ...(r.notesUrl ? { notesUrl: r.notesUrl } : {}),
  }));
  return {
    $comment:
      'Generated by scripts/build-release-manifest.ts from the git history of the official Braintrust repositories named in `sources` ' +
      '(tags and their dates; modules/*/VERSIONS.json of each AWS module tag; the Helm chart values.yaml image tags; MIGRATION_V*.md and variables.tf for required steps). ' +
      'A release is a service version an official module or chart tag pins; its date is the earliest such tag. modules.aws/helm list the tags that pin it; ' +
      'modules.gcp/azure (infrastructure only, no service version) are the newest tags on or before that date. Fields the history does not give are absent. ' +
      'The snapshot knows nothing after `dataAsOf`: `braintrust upgrade --check` reads the live list from GitHub when it can. Schema: src/upgrade/manifest.ts.',
    schemaVersion: 1 as const,
    generatedAt: (opts.now ?? new Date()).toISOString(),
    ...(dataAsOf ? { dataAsOf } : {}),
    sources,
    moduleTags: {
      aws,
      ...(helm.length ? { helm } : {}),
      ...(gcp.length ? { gcp } : {}),
      ...(azure.length ? { azure } : {}),
    },
    releases,
  };
}

function parseArgs(argv: string[]): RepoDirs & { out: string } {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(aws|gcp|azure|helm|out)$/.exec(argv[i]);
    if (!m || argv[i + 1] === undefined) {
      throw new Error(`unexpected argument ${argv[i]}: usage --aws <gitdir> [--gcp <gitdir>] [--azure <gitdir>] [--helm <gitdir>] [--out <file>]`);
    }
    args[m[1]] = argv[++i];
  }
  if (!args.aws) throw new Error('--aws <gitdir> is required (a clone of braintrustdata/terraform-aws-braintrust-data-plane)');
  return { aws: args.aws, gcp: args.gcp, azure: args.azure, helm: args.helm, out: args.out ?? SHIPPED_MANIFEST };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  try {
    const { out, ...dirs } = parseArgs(process.argv.slice(2));
    const manifest = buildManifest(dirs);
    writeFileSync(out, JSON.stringify(manifest, null, 2) + '\n');
    console.log(`wrote ${out}: ${manifest.releases.length} releases, newest ${manifest.releases.at(-1)?.version}, data as of ${manifest.dataAsOf}`);
  } catch (e) {
    console.error(`build-release-manifest: ${(e as Error).message}`);
    process.exit(2);
  }
}
