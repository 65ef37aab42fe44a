// braintrust support bundle: run doctor, collect config, versions, outputs, history and the
// recent audit log, redact every secret, and write one .tar.gz for Braintrust support.
import { join, resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import type { Handler } from '../context.js';
import { usageError } from '../ui/errors.js';
import { collectBundleFiles, writeBundle } from '../doctor/bundle.js';
import { countStatuses, runDoctor } from '../doctor/run.js';
import type { SupportBundleOptions } from './support-bundle.spec.js';

export const run: Handler<SupportBundleOptions> = async (ctx, opts) => {
  await bundlePath(ctx.cwd, opts.out, 'bundle.tar.gz'); // a bad --out fails before doctor runs
  const auditLines = Number(opts.auditLines);
  if (!Number.isInteger(auditLines) || auditLines < 0) {
    throw usageError(`--audit-lines ${JSON.stringify(opts.auditLines)} is not a whole number`, 'Pass e.g. --audit-lines 500 (0 leaves the audit log out).');
  }
  const now = ctx.clock();
  const spinner = await ctx.io.spinner('Running doctor for the support bundle');
  let doctor;
  try {
    doctor = await runDoctor(ctx, opts);
  } finally {
    spinner.stop();
  }
  const files = await collectBundleFiles(doctor, { env: ctx.env, now, auditLines });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const root = `braintrust-support-${doctor.context.config?.name ?? 'deployment'}-${stamp}`;
  const outPath = await bundlePath(ctx.cwd, opts.out, `${root}.tar.gz`);
  const bytes = await writeBundle(files, root, outPath);
  const n = countStatuses(doctor.report.checks);
  ctx.io.emit('support.bundle-written', { path: outPath, bytes, files: Object.keys(files).sort(), doctor: { ok: doctor.report.ok, ...n } });
  return 0;
};

/** --out may name a file (its directory is created), or an existing directory to write the bundle into. */
async function bundlePath(cwd: string, out: string | undefined, name: string): Promise<string> {
  if (out === undefined) return resolve(cwd, name);
  if (!out.trim()) throw usageError("--out '' is empty", 'Pass a file or directory for the bundle.');
  const target = resolve(cwd, out);
  const isDir = await stat(target).then((s) => s.isDirectory(), () => false);
  if (isDir) return join(target, name);
  if (/[\\/]$/.test(out)) throw usageError(`--out ${JSON.stringify(out)} is not an existing directory`, 'Create the directory first, or pass a file name.');
  return target;
}
