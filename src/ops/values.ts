// Small parsers shared by the targets: percentages, df output, image tags.

/** Where Brainstore keeps its cache on every target (the chart's and the AWS user data's cacheDir). */
export const CACHE_DIR = '/mnt/tmp/brainstore';

/** '12%', '12.5%' -> number; anything else undefined. */
export function percent(text: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)%$/.exec((text ?? '').trim());
  return m ? Number(m[1]) : undefined;
}

/** `df -P DIR` output: the Use% of its one data line. */
export function parseDfPercent(text: string): number | undefined {
  const line = text.trim().split('\n').slice(1).find((l) => l.trim());
  return line ? percent(line.trim().split(/\s+/)[4]) : undefined;
}

/** The tag of an image reference (registry:port/repo:tag@digest) or undefined. */
export function versionOf(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(colon + 1) : undefined;
}

/** Config version as images are tagged (v2.12.0). */
export function expectedTag(version: string): string {
  return version.startsWith('v') ? version : `v${version}`;
}
