// A database backup before an upgrade: the user confirms one exists, or the cloud CLI takes an
// on-demand snapshot (aws rds create-db-snapshot, gcloud sql backups create, az postgres
// flexible-server backup create). --skip-backup waives it; the choice is recorded in history.
import type { Ctx } from '../context.js';
import type { Config } from '../config/schema.js';
import { requireTool, runTool, type ToolName } from '../access/tools.js';
import { interrupted, operationFailed, usageError } from '../ui/errors.js';

export interface SnapshotCommand {
  tool: Extract<ToolName, 'aws' | 'gcloud' | 'az'>;
  args: string[];
  /** The snapshot/backup name (GCP assigns its own id; this is the description). */
  id: string;
  /** GCP: a list call printing the instance name, substituted for INSTANCE in args. */
  lookup?: string[];
}

/** Placeholder for a name found at run time by `lookup`. */
export const INSTANCE = '{instance}';

export type BackupRecord =
  | { kind: 'skipped' }
  | { kind: 'confirmed' }
  | { kind: 'snapshot'; tool: string; id: string }
  | { kind: 'not-needed'; reason: string };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** `<name>-pre-v2-12-0-202608201230`: letters, digits and single dashes (valid for RDS and Azure). */
export function snapshotName(config: Config, version: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 12);
  return `${config.name}-pre-${version.replace(/^v?/, 'v').replace(/\./g, '-')}-${stamp}`;
}

/** The first DNS label of the database host output: the RDS identifier / Azure server name. */
function hostLabel(outputs: Record<string, unknown>): string | undefined {
  const host = str(outputs.postgres_host);
  return host && !/^\d+\.\d+\.\d+\.\d+$/.test(host) ? host.split('.')[0] : undefined;
}

/**
 * Pure: the cloud CLI call that snapshots the deployment's database (names from the stack
 * outputs in .braintrust/outputs.json), or undefined for docker.
 */
export function snapshotCommand(config: Config, outputs: Record<string, unknown>, version: string, now: Date): SnapshotCommand | undefined {
  const id = snapshotName(config, version, now);
  const acct = config.account ?? {};
  switch (config.cloud) {
    case 'aws': {
      const db = str(outputs.postgres_database_identifier) ?? hostLabel(outputs) ?? `${config.name}-main`;
      return {
        tool: 'aws',
        id,
        args: ['rds', 'create-db-snapshot', '--db-instance-identifier', db, '--db-snapshot-identifier', id,
          ...(config.region ? ['--region', config.region] : []), ...(acct.awsProfile ? ['--profile', acct.awsProfile] : []), '--output', 'json'],
      };
    }
    case 'gcp': {
      const project = str(outputs.project_id) ?? acct.gcpProject;
      const inProject = project ? ['--project', project] : [];
      const known = str(outputs.postgres_instance_name);
      return {
        tool: 'gcloud',
        id,
        args: ['sql', 'backups', 'create', '--instance', known ?? INSTANCE, '--description', id, ...inProject, '--quiet'],
        // The instance name carries a random suffix: find it by the deployment label the stack sets.
        ...(known ? {} : { lookup: ['sql', 'instances', 'list', `--filter=settings.userLabels.braintrustdeploymentname=${config.name}`, '--format=value(name)', ...inProject] }),
      };
    }
    case 'azure': {
      const server = str(outputs.postgres_server_name) ?? hostLabel(outputs) ?? `${config.name}-pg`;
      const group = str(outputs.resource_group) ?? acct.azureResourceGroup ?? `${config.name}-rg`;
      return {
        tool: 'az',
        id,
        args: ['postgres', 'flexible-server', 'backup', 'create', '--resource-group', group, '--name', server, '--backup-name', id,
          ...(acct.azureSubscriptionId ? ['--subscription', acct.azureSubscriptionId] : [])],
      };
    }
    default:
      return undefined;
  }
}

async function takeSnapshot(ctx: Ctx, cmd: SnapshotCommand): Promise<BackupRecord> {
  const bin = await requireTool(cmd.tool, ctx.env, 'needed to snapshot the database before the upgrade (or pass --skip-backup)');
  const run = (args: string[]) => runTool(bin, args, { env: ctx.env, signal: ctx.signal, timeoutMs: 300_000 });
  let args = cmd.args;
  if (cmd.lookup) {
    const found = await run(cmd.lookup);
    const name = found.stdout.split('\n').map((l) => l.trim()).find(Boolean);
    if (found.exitCode !== 0 || !name) {
      throw operationFailed('Could not find the database instance to snapshot', 'Check the gcloud login and project, or take a backup yourself and re-run with --skip-backup.',
        [`${cmd.tool} ${cmd.lookup.join(' ')}`, ...(found.stderr ? found.stderr.trim().split('\n').slice(-2) : [])], 'BACKUP_FAILED');
    }
    args = args.map((a) => (a === INSTANCE ? name : a));
  }
  const spinner = await ctx.io.spinner(`Taking a database snapshot: ${cmd.tool} ${args.slice(0, 3).join(' ')} (${cmd.id})`);
  const r = await run(args);
  if (r.exitCode !== 0) {
    spinner.fail();
    const why = (r.stderr || r.stdout).trim().split('\n').slice(-3);
    throw operationFailed(`The database snapshot failed (${cmd.tool} exited ${r.exitCode})`,
      `Check the ${cmd.tool} login and permissions, or take a backup yourself and re-run with --skip-backup.`, why, 'BACKUP_FAILED');
  }
  spinner.succeed(`Database snapshot ${cmd.id} started (it captures the database as of now)`);
  return { kind: 'snapshot', tool: cmd.tool, id: cmd.id };
}

/** Confirm or take a backup before the first apply of an upgrade. */
export async function ensureBackup(ctx: Ctx, config: Config, outputs: Record<string, unknown>, opts: { skip?: boolean; version: string }): Promise<BackupRecord> {
  if (opts.skip) {
    ctx.io.emit('upgrade.backup-skipped');
    return { kind: 'skipped' };
  }
  if (!ctx.globals.yes && !ctx.prompt.enabled) {
    return { kind: 'not-needed', reason: 'non-interactive without --yes: the plan is shown but nothing is applied' };
  }
  if (config.cloud !== 'docker' && !Object.keys(outputs).length) {
    return { kind: 'not-needed', reason: 'no stack outputs: nothing has been deployed yet' };
  }
  const cmd = snapshotCommand(config, outputs, opts.version, ctx.clock());
  if (ctx.globals.yes) {
    if (cmd) return takeSnapshot(ctx, cmd);
    throw usageError('Cannot take a database backup automatically for the docker target',
      'Back up the postgres volume yourself (e.g. docker compose exec postgres pg_dumpall), then re-run with --skip-backup.');
  }
  const choice = await ctx.prompt.select({
    message: 'Database backup before upgrading',
    flag: '--yes (takes a snapshot) or --skip-backup',
    choices: [
      ...(cmd ? [{ value: 'snapshot' as const, name: `Take a snapshot now (${cmd.tool} ${cmd.args.slice(0, 3).join(' ')})` }] : []),
      { value: 'confirmed' as const, name: 'I have a recent backup/snapshot' },
      { value: 'cancel' as const, name: 'Cancel the upgrade' },
    ],
    default: cmd ? 'snapshot' : 'confirmed',
  });
  if (choice === 'cancel') throw interrupted('Upgrade cancelled before any change: take a backup, then re-run.');
  if (choice === 'snapshot' && cmd) return takeSnapshot(ctx, cmd);
  return { kind: 'confirmed' };
}
