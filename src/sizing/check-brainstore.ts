// Brainstore rows of the seed table, per node group (combined, or readers and writers), and
// the rules beside it: separate readers (2+) and writers (1+) in production, local NVMe only
// (no EBS, no Azure standard temp disks), ARM recommended, one pod per dedicated node.
import { defaultsFor } from '../config/defaults.js';
import { lookupInstance, type InstanceSpec } from './catalog/index.js';
import { hostRow, isKubernetesCloud, suggest, type CheckContext } from './check-context.js';
import { atLeast, finding, type Finding } from './findings.js';
import { minimum, requirement } from './requirements.js';

type Group = 'combined' | 'readers' | 'writers' | 'fastReaders';
const GROUPS: readonly Group[] = ['combined', 'readers', 'writers', 'fastReaders'];

export function checkBrainstore(ctx: CheckContext): Finding[] {
  const b = ctx.config.brainstore;
  const production = ctx.tier === 'production';
  const groups = GROUPS.filter((g) => b[g]);
  const nodeTypes = requirement('brainstore', 'node-types', ctx.tier);
  const out: Finding[] = [
    finding('brainstore', 'node-types', production && b.combined ? 'fail' : 'pass', nodeTypes.value, b.combined ? 'combined' : 'separate',
      'replace brainstore.combined with brainstore.readers (count 2+) and brainstore.writers (count 1+)', { field: 'brainstore' }),
  ];
  if (production) {
    out.push(
      atLeast('brainstore', 'reader-count', minimum('brainstore', 'reader-count', 'production'), b.readers?.count ?? 0,
        'set brainstore.readers.count to 2 or more: two readers keep queries served through the loss of a node', { field: 'brainstore.readers.count' }),
      atLeast('brainstore', 'writer-count', minimum('brainstore', 'writer-count', 'production'), b.writers?.count ?? 0,
        'set brainstore.writers.count to 1 or more', { field: 'brainstore.writers.count' }),
    );
  } else {
    const total = groups.reduce((n, g) => n + (b[g]?.count ?? 0), 0);
    const where = b.combined ? 'brainstore.combined.count' : 'brainstore.readers.count';
    out.push(atLeast('brainstore', 'instance-count', minimum('brainstore', 'instance-count', 'testing'), total, `set ${where} to 1 or more`, { field: where }));
  }
  for (const g of groups) {
    if ((b[g]?.count ?? 0) > 0) out.push(...(ctx.cloud === 'docker' ? hostRows(ctx, g) : groupRows(ctx, g)));
  }
  if (isKubernetesCloud(ctx.cloud)) {
    out.push(finding('brainstore', 'dedicated-nodes', 'pass', 'one Brainstore pod per node',
      'dedicated node pool per group, tainted by the stack', ''));
  }
  return out;
}

function hostRows(ctx: CheckContext, g: Group): Finding[] {
  const field = `brainstore.${g}.instanceType`;
  return (['cpu', 'memory', 'storage-size', 'storage-type'] as const).map((row) =>
    hostRow(ctx, 'brainstore', row, `each Brainstore ${g} node`, { check: `${g}.${row}`, field }));
}

/** Local disk of a node: NVMe instance storage, a standard temp SSD, or none. */
function localDiskGB(s: InstanceSpec): number {
  if (s.localDisk === 'nvme') return s.nvmeGB;
  return s.localDisk === 'standard' ? (s.tempDiskGB ?? 0) : 0;
}

const DISK_LABEL: Record<InstanceSpec['localDisk'], string> = {
  nvme: 'NVMe (ephemeral)',
  standard: 'standard local SSD (temp disk)',
  none: 'none (network disks only, e.g. EBS)',
};

function groupRows(ctx: CheckContext, g: Group): Finding[] {
  const { tier } = ctx;
  const production = tier === 'production';
  const field = `brainstore.${g}.instanceType`;
  const spec = ctx.specs.get(field)!;
  const on = { field, instanceType: spec.name };
  const fix = suggest(ctx, 'compute', defaultType(ctx, g));
  const check = (row: string) => `${g}.${row}`;
  const nvme = spec.localDisk === 'nvme';
  const typeOk = production ? nvme : spec.localDisk !== 'none';
  const iopsReq = requirement('brainstore', 'storage-iops', tier).value;
  const iopsActual = nvme ? 'NVMe instance storage (150,000+ class)' : `${spec.localDisk === 'standard' ? 'standard temp SSD' : 'network disk'} (below 150,000)`;
  return [
    atLeast('brainstore', check('cpu'), minimum('brainstore', 'cpu', tier), spec.vcpu, fix, { ...on, unit: 'vCPU' }),
    atLeast('brainstore', check('memory'), minimum('brainstore', 'memory', tier), spec.memoryGiB, fix, { ...on, unit: 'GiB' }),
    atLeast('brainstore', check('storage-size'), minimum('brainstore', 'storage-size', tier), localDiskGB(spec),
      `${fix}: the local disk holds the Brainstore cache`, { ...on, unit: 'GB' }),
    finding('brainstore', check('storage-type'), typeOk ? 'pass' : 'fail', requirement('brainstore', 'storage-type', tier).value, DISK_LABEL[spec.localDisk],
      production
        ? `${fix}: Brainstore needs local NVMe instance storage; EBS/persistent disks and standard temp disks are too slow`
        : `${fix}: Brainstore needs a local SSD`, on),
    finding('brainstore', check('storage-iops'), !production || nvme ? 'pass' : 'fail', iopsReq, iopsActual,
      `${fix}: only local NVMe reaches 150,000 IOPS read/write`, { ...on, unit: 'IOPS' }),
    architectureRow(ctx, g, spec),
  ];
}

/** "ARM recommended": warn on x86 in production where the cloud offers ARM with local NVMe. */
function architectureRow(ctx: CheckContext, g: Group, spec: InstanceSpec): Finding {
  const on = { field: `brainstore.${g}.instanceType`, instanceType: spec.name };
  if (ctx.tier !== 'production') return finding('brainstore', `${g}.architecture`, 'pass', 'any', spec.arch, '', on);
  const armDefault = defaultsFor(ctx.cloud, 'production').brainstore.readers?.instanceType;
  const armSpec = armDefault ? lookupInstance(ctx.cloud, 'compute', armDefault) : undefined;
  if (!armSpec || armSpec.arch !== 'arm64') {
    return finding('brainstore', `${g}.architecture`, 'pass', 'any (no ARM size with local NVMe on this cloud)', spec.arch, '', on);
  }
  return finding('brainstore', `${g}.architecture`, spec.arch === 'arm64' ? 'pass' : 'warn', 'arm64 (recommended)', spec.arch,
    `ARM is recommended for Brainstore: e.g. ${suggest(ctx, 'compute', defaultType(ctx, g)).replace(/^use /, '')}`, on);
}

/** The passing default type for a group at this tier (combined falls back to readers). */
function defaultType(ctx: CheckContext, g: Group): string {
  const d = ctx.defaults.brainstore;
  const group = g === 'combined' ? (d.combined ?? d.readers) : (d[g] ?? d.readers ?? d.combined);
  return group!.instanceType;
}
