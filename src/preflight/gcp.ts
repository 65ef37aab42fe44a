// GCP preflight: gcloud account/project (and that its token still refreshes), machine types per
// zone, regional CPU quotas by family (+ local SSD) and the project's network quota, the
// member's project roles against the synthesized resource types, and the GCS state bucket.
import { fail, pass, warn, type DoctorCheck } from '../doctor/types.js';
import { nodeTypes } from '../cost/inventory.js';
import { CloudCliError } from './cloud-cli.js';
import { gcpMissing } from './permissions.js';
import { judgeQuotas, type QuotaRow } from './quota.js';
import { judgeZones, type Preflight } from './types.js';

interface Quota { metric: string; limit: number; usage: number }

const GB_PER_LOCAL_SSD = 375;

/** vCPUs of a machine type name (n2-standard-8 -> 8). */
function vcpusOf(machineType: string): number | undefined {
  const m = /^[a-z][a-z0-9]*-(?:standard|highmem|highcpu)-(\d+)/.exec(machineType);
  return m ? Number(m[1]) : undefined;
}

export function gcpChecks(pf: Preflight): DoctorCheck[] {
  const { config, cli, inventory } = pf;
  const region = config.region!;
  const account = async () => (await cli.run(['config', 'get-value', 'account'])).stdout.trim();
  const project = async (): Promise<string> => config.account?.gcpProject ?? (await cli.run(['config', 'get-value', 'project'])).stdout.trim();
  const gcloud = async <T>(...args: string[]) => cli.json<T>([...args, '--project', await project(), '--format', 'json']);

  const identityCheck: DoctorCheck = {
    id: 'identity', group: 'cloud', title: 'Cloud identity matches account.*',
    fix: 'Log in with gcloud and select the configured project.',
    async run() {
      const who = await account();
      if (!who || who === '(unset)') return fail('no active gcloud account', 'Log in: `gcloud auth login`.');
      // The token itself is never read or printed: only whether it can still be refreshed.
      const token = await cli.run(['auth', 'print-access-token', '--quiet']);
      if (token.exitCode !== 0) throw new CloudCliError('gcloud', ['auth', 'print-access-token'], { ...token, stdout: '' }, true);
      const current = (await cli.run(['config', 'get-value', 'project'])).stdout.trim();
      const want = config.account?.gcpProject;
      if (!want) return warn(`${who}, project ${current || '(unset)'}`, `Set account.gcpProject in braintrust.yaml so the deployment cannot land in another project.`);
      if (current && current !== want) return warn(`${who}; gcloud's default project is ${current}, account.gcpProject is ${want} (preflight and terraform use ${want})`, `Run \`gcloud config set project ${want}\`.`);
      return pass(`${who}, project ${want}`);
    },
  };

  const availabilityCheck: DoctorCheck = {
    id: 'availability', group: 'cloud', title: 'Machine types offered in the zones',
    fix: 'Pick machine types offered in the region, or pin zones that offer them.',
    async run() {
      const types = nodeTypes(inventory);
      const [zones, machines] = await Promise.all([
        gcloud<{ name: string; status?: string }[]>('compute', 'zones', 'list', `--filter=region:${region} AND status=UP`),
        gcloud<{ name: string; zone: string }[]>('compute', 'machine-types', 'list', `--filter=zone~^${region}- AND name=(${types.join(' ')})`),
      ]);
      const offers = new Map<string, Set<string>>();
      for (const m of machines) {
        const zone = m.zone.split('/').pop()!;
        if (!offers.has(m.name)) offers.set(m.name, new Set());
        offers.get(m.name)!.add(zone);
      }
      const v = judgeZones(config, zones.map((z) => z.name).sort(), types, offers);
      pf.suggestedZones = v.suggested;
      return v.status === 'pass' ? pass(v.detail) : fail(v.detail, v.hint!);
    },
  };

  const quotasCheck: DoctorCheck = {
    id: 'quotas', group: 'cloud', title: 'Quotas hold the stack at its maximum size',
    fix: 'Request a quota increase (IAM & Admin > Quotas) before installing.',
    async run() {
      const [regional, proj] = await Promise.all([
        gcloud<{ quotas: Quota[] }>('compute', 'regions', 'describe', region),
        gcloud<{ quotas: Quota[] }>('compute', 'project-info', 'describe'),
      ]);
      const byMetric = new Map(regional.quotas.map((q) => [q.metric, q]));
      const need = new Map<string, number>();
      const notes: string[] = [];
      const add = (metric: string, n: number) => need.set(metric, (need.get(metric) ?? 0) + n);
      for (const n of inventory.nodes) {
        const vcpu = vcpusOf(n.instanceType);
        if (vcpu === undefined) { notes.push(`${n.instanceType}: vCPUs unknown, not counted`); continue; }
        const family = `${n.instanceType.split('-')[0].toUpperCase()}_CPUS`;
        // Families without a quota of their own (N1, E2) count against CPUS.
        add(byMetric.has(family) ? family : 'CPUS', n.maxCount * vcpu);
        if (n.localSsds) add('LOCAL_SSD_TOTAL_GB', n.maxCount * n.localSsds * GB_PER_LOCAL_SSD);
      }
      const rows: QuotaRow[] = [...need].map(([metric, n]) => ({ name: `${metric} (${region})`, need: n, limit: byMetric.get(metric)?.limit, used: byMetric.get(metric)?.usage }));
      const networks = proj.quotas.find((q) => q.metric === 'NETWORKS');
      rows.push({ name: 'NETWORKS (project)', need: inventory.networks, limit: networks?.limit, used: networks?.usage });
      notes.push('Cloud SQL and Memorystore instance limits are not exposed by gcloud: not checked');
      return judgeQuotas(rows, `Request an increase: IAM & Admin > Quotas, filtered to ${region} (or \`gcloud alpha quotas preferences create\`).`, notes);
    },
  };

  const permissionsCheck: DoctorCheck = {
    id: 'permissions', group: 'cloud', title: 'Principal may create the stack\'s resources',
    fix: 'Grant the missing roles on the project.',
    async run() {
      const who = await account();
      const member = who.endsWith('.gserviceaccount.com') ? `serviceAccount:${who}` : `user:${who}`;
      const policy = await gcloud<{ bindings?: { role: string; members: string[] }[] }>('projects', 'get-iam-policy', await project());
      const roles = new Set((policy.bindings ?? []).filter((b) => b.members.includes(member)).map((b) => b.role));
      const missing = gcpMissing(await pf.resourceTypes(), roles);
      if (!missing.length) return pass(`${member} holds ${[...roles].sort().join(', ')}`);
      const grant = [...new Set(missing.map((m) => m.roles[0]))];
      // Roles held through a group or at the folder/organization do not show in the project policy.
      return warn(`${member} has no project role for ${missing.map((m) => m.type).join(', ')} (direct project roles: ${[...roles].sort().join(', ') || 'none'})`,
        `Grant ${grant.join(', ')} (or roles/owner) to ${member} on ${await project()}, unless a group or folder grants them already.`);
    },
  };

  const backendCheck: DoctorCheck = {
    id: 'backend', group: 'cloud', title: 'State backend exists and is versioned',
    fix: 'Create the state bucket with versioning on.',
    async run() {
      const s = config.state;
      if (s.backend !== 'gcs') return s.backend === 'local' ? pass('local state in .braintrust/ (use a gcs backend for CI)') : fail(`state.backend ${s.backend} on GCP`, 'Use state.backend: gcs (or local).');
      let b: { versioning_enabled?: boolean; versioning?: { enabled?: boolean } };
      try {
        b = await gcloud('storage', 'buckets', 'describe', `gs://${s.bucket}`);
      } catch (e) {
        if (e instanceof CloudCliError && !e.login) return fail(`state bucket gs://${s.bucket} is missing or not readable: ${e.message}`, `gcloud storage buckets create gs://${s.bucket} --location ${region} && gcloud storage buckets update gs://${s.bucket} --versioning`);
        throw e;
      }
      if (!(b.versioning_enabled ?? b.versioning?.enabled)) return fail(`state bucket gs://${s.bucket} is not versioned`, `gcloud storage buckets update gs://${s.bucket} --versioning`);
      return pass(`gs://${s.bucket} exists, versioning on; lock: GCS native`);
    },
  };

  return [identityCheck, availabilityCheck, quotasCheck, permissionsCheck, backendCheck];
}
