// AWS preflight: identity (sts), instance type offerings per AZ, Service Quotas (vCPU by family,
// VPCs, EIPs, NAT gateways, RDS instances) against the stack at its maximum size, IAM
// simulate-principal-policy over the synthesized resource types, and the S3 state bucket.
import { lookupInstance } from '../sizing/catalog/index.js';
import { fail, pass, skip, warn, type DoctorCheck } from '../doctor/types.js';
import { nodeTypes } from '../cost/inventory.js';
import { awsActionsFor } from './permissions.js';
import { judgeQuotas, type QuotaRow } from './quota.js';
import { judgeZones, type Preflight } from './types.js';

interface Identity { Account: string; Arn: string }

// On-Demand vCPU quotas by instance family letter (Service Quotas, service code ec2).
const VCPU_QUOTAS: { code: string; name: string; families: RegExp }[] = [
  { code: 'L-74FC7D96', name: 'Running On-Demand F instances', families: /^f/ },
  { code: 'L-DB2E81BA', name: 'Running On-Demand G and VT instances', families: /^(g|vt)/ },
  { code: 'L-417A185B', name: 'Running On-Demand P instances', families: /^p/ },
  { code: 'L-7295265B', name: 'Running On-Demand X instances', families: /^x/ },
  { code: 'L-1945791B', name: 'Running On-Demand Inf instances', families: /^inf/ },
  { code: 'L-2C3B7624', name: 'Running On-Demand Trn instances', families: /^trn/ },
  { code: 'L-1216C47A', name: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances', families: /^[acdhimrtz]/ },
];

function vcpuQuotaOf(instanceType: string) {
  return VCPU_QUOTAS.find((q) => q.families.test(instanceType)) ?? VCPU_QUOTAS[VCPU_QUOTAS.length - 1];
}

/** The IAM ARN simulate-principal-policy takes for an STS caller ARN (assumed role -> role). */
export function principalArn(arn: string): { arn?: string; roleName?: string } {
  const role = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
  if (role) return { roleName: role[3] };
  if (/^arn:aws[\w-]*:iam::\d{12}:(user|role)\//.test(arn)) return { arn };
  return {};
}

export function awsChecks(pf: Preflight): DoctorCheck[] {
  const { config, cli, inventory } = pf;
  const region = config.region!;
  const common = [...(config.account?.awsProfile ? ['--profile', config.account.awsProfile] : []), '--region', region, '--output', 'json'];
  const aws = <T>(...args: string[]) => cli.json<T>([...args, ...common]);
  const identity = () => aws<Identity>('sts', 'get-caller-identity');

  const identityCheck: DoctorCheck = {
    id: 'identity', group: 'cloud', title: 'Cloud identity matches account.*',
    fix: 'Log in to the AWS account the config names.',
    async run() {
      const id = await identity();
      const want = config.account?.awsAccountId;
      if (want && id.Account !== want) {
        return fail(`logged in to account ${id.Account} as ${id.Arn}; account.awsAccountId is ${want}`,
          `Use credentials for ${want} (AWS_PROFILE or account.awsProfile), or correct account.awsAccountId.`);
      }
      if (!want) return warn(`${id.Arn} (account ${id.Account})`, `Set account.awsAccountId: "${id.Account}" in braintrust.yaml so a run with the wrong credentials stops here.`);
      return pass(`${id.Arn} (account ${id.Account}, matches account.awsAccountId)`);
    },
  };

  const availabilityCheck: DoctorCheck = {
    id: 'availability', group: 'cloud', title: 'Instance types offered in the zones',
    fix: 'Pick instance types offered in the region, or pin zones that offer them.',
    async run() {
      const types = nodeTypes(inventory);
      const [azs, offerings] = await Promise.all([
        aws<{ AvailabilityZones: { ZoneName: string; State?: string; OptInStatus?: string }[] }>('ec2', 'describe-availability-zones', '--filters', 'Name=opt-in-status,Values=opt-in-not-required', 'Name=state,Values=available'),
        aws<{ InstanceTypeOfferings: { InstanceType: string; Location: string }[] }>('ec2', 'describe-instance-type-offerings', '--location-type', 'availability-zone', '--filters', `Name=instance-type,Values=${types.join(',')}`),
      ]);
      const zones = azs.AvailabilityZones.map((z) => z.ZoneName).sort();
      const offers = new Map<string, Set<string>>();
      for (const o of offerings.InstanceTypeOfferings) {
        if (!offers.has(o.InstanceType)) offers.set(o.InstanceType, new Set());
        offers.get(o.InstanceType)!.add(o.Location);
      }
      const v = judgeZones(config, zones, types, offers);
      pf.suggestedZones = v.suggested;
      return v.status === 'pass' ? pass(v.detail) : fail(v.detail, v.hint!);
    },
  };

  const quotaValue = async (service: string, code: string): Promise<number | undefined> => {
    try {
      const r = await aws<{ Quota: { Value: number } }>('service-quotas', 'get-service-quota', '--service-code', service, '--quota-code', code);
      return r.Quota.Value;
    } catch (e) {
      // NoSuchResourceException: the quota has never been changed; fall back to the AWS default.
      const dflt = await aws<{ Quota: { Value: number } }>('service-quotas', 'get-aws-default-service-quota', '--service-code', service, '--quota-code', code).catch(() => undefined);
      if (dflt) return dflt.Quota.Value;
      throw e;
    }
  };

  const quotasCheck: DoctorCheck = {
    id: 'quotas', group: 'cloud', title: 'Quotas hold the stack at its maximum size',
    fix: 'Request a quota increase (Service Quotas console) before installing.',
    async run() {
      const needByQuota = new Map<string, { code: string; name: string; need: number }>();
      const notes: string[] = [];
      for (const n of inventory.nodes) {
        const spec = lookupInstance('aws', 'compute', n.instanceType);
        if (!spec) { notes.push(`${n.instanceType}: vCPUs unknown (not in the catalog), not counted`); continue; }
        const q = vcpuQuotaOf(n.instanceType);
        const row = needByQuota.get(q.code) ?? { ...q, need: 0 };
        row.need += n.maxCount * spec.vcpu;
        needByQuota.set(q.code, row);
      }
      const running = await aws<string[][] | string[]>('ec2', 'describe-instances', '--filters', 'Name=instance-state-name,Values=pending,running', '--query', 'Reservations[].Instances[].InstanceType');
      const usedByQuota = new Map<string, number>();
      for (const t of running.flat()) {
        const spec = lookupInstance('aws', 'compute', t);
        const q = vcpuQuotaOf(t);
        usedByQuota.set(q.code, (usedByQuota.get(q.code) ?? 0) + (spec?.vcpu ?? 0));
      }
      const count = (args: string[]) => aws<number>(...args);
      const rows: QuotaRow[] = await Promise.all([
        ...[...needByQuota.values()].map(async (q) => ({ name: `${q.name} (vCPU)`, need: q.need, limit: await quotaValue('ec2', q.code), used: usedByQuota.get(q.code) ?? 0 })),
        ...(inventory.networks ? [(async () => ({ name: 'VPCs per Region', need: inventory.networks, limit: await quotaValue('vpc', 'L-F678F1CE'), used: await count(['ec2', 'describe-vpcs', '--query', 'length(Vpcs)']) }))()] : []),
        ...(inventory.publicIps ? [(async () => ({ name: 'EC2-VPC Elastic IPs', need: inventory.publicIps, limit: await quotaValue('ec2', 'L-0263D0A3'), used: await count(['ec2', 'describe-addresses', '--query', 'length(Addresses)']) }))()] : []),
        ...(inventory.natGateways ? [(async () => ({ name: 'NAT gateways per Availability Zone', need: inventory.natGateways, limit: await quotaValue('vpc', 'L-FE5A380F'), used: undefined }))()] : []),
        (async () => ({ name: 'RDS DB instances', need: 1, limit: await quotaValue('rds', 'L-7B6409FD'), used: await count(['rds', 'describe-db-instances', '--query', 'length(DBInstances)']) }))(),
      ]);
      return judgeQuotas(rows, `Request an increase in the Service Quotas console (region ${region}) or with \`aws service-quotas request-service-quota-increase\`.`, notes);
    },
  };

  const permissionsCheck: DoctorCheck = {
    id: 'permissions', group: 'cloud', title: 'Principal may create the stack\'s resources',
    fix: 'Grant the missing IAM actions to the principal that runs install.',
    async run() {
      const id = await identity();
      const p = principalArn(id.Arn);
      let arn = p.arn;
      if (p.roleName) arn = (await aws<{ Role: { Arn: string } }>('iam', 'get-role', '--role-name', p.roleName)).Role.Arn;
      if (!arn) return skip(`cannot simulate policies for ${id.Arn} (root or federated user)`);
      const { actions, unmapped } = awsActionsFor(await pf.resourceTypes());
      const r = await aws<{ EvaluationResults: { EvalActionName: string; EvalDecision: string }[] }>('iam', 'simulate-principal-policy', '--policy-source-arn', arn, '--action-names', ...actions);
      const denied = r.EvaluationResults.filter((e) => e.EvalDecision !== 'allowed');
      const note = unmapped.length ? `; not simulated: ${unmapped.join(', ')}` : '';
      if (denied.length) {
        return fail(`${denied.length} of ${actions.length} actions denied for ${arn}: ${denied.map((d) => `${d.EvalActionName} (${d.EvalDecision})`).join(', ')}${note}`,
          `Allow ${denied.map((d) => d.EvalActionName).join(', ')} for ${arn} (or run install as a principal with AdministratorAccess in this account).`);
      }
      return pass(`all ${actions.length} actions the stack needs are allowed for ${arn}${note}`);
    },
  };

  const backendCheck: DoctorCheck = {
    id: 'backend', group: 'cloud', title: 'State backend exists and is versioned',
    fix: 'Create the state bucket with versioning on.',
    async run() {
      const s = config.state;
      if (s.backend !== 's3') return s.backend === 'local' ? pass('local state in .braintrust/ (use an s3 backend for CI)') : fail(`state.backend ${s.backend} on AWS`, 'Use state.backend: s3 (or local).');
      const region = s.region ?? config.region!;
      const prof = config.account?.awsProfile ? ['--profile', config.account.awsProfile] : [];
      const head = await cli.run(['s3api', 'head-bucket', '--bucket', s.bucket, ...prof, '--region', region]);
      if (head.exitCode !== 0) {
        return fail(`state bucket ${s.bucket} is missing or not readable (${head.stderr.trim().split('\n').pop() ?? ''})`,
          `Create it: aws s3api create-bucket --bucket ${s.bucket} --region ${region}, then aws s3api put-bucket-versioning --bucket ${s.bucket} --versioning-configuration Status=Enabled.`);
      }
      const v = await cli.json<{ Status?: string } | null>(['s3api', 'get-bucket-versioning', '--bucket', s.bucket, ...prof, '--region', region, '--output', 'json']);
      if (v?.Status !== 'Enabled') {
        return fail(`state bucket ${s.bucket} has versioning ${v?.Status ?? 'never enabled'}`, `aws s3api put-bucket-versioning --bucket ${s.bucket} --versioning-configuration Status=Enabled (a versioned bucket keeps every earlier state).`);
      }
      if (s.dynamodbTable) {
        const t = await cli.run(['dynamodb', 'describe-table', '--table-name', s.dynamodbTable, ...prof, '--region', region, '--output', 'json']);
        if (t.exitCode !== 0) return fail(`lock table ${s.dynamodbTable} not found`, `Create it with a LockID (string) hash key, or remove state.dynamodbTable to use S3 native locking.`);
      }
      return pass(`s3://${s.bucket} exists, versioning Enabled; lock: ${s.dynamodbTable ? `DynamoDB ${s.dynamodbTable}` : 'S3 native lockfile'}`);
    },
  };

  return [identityCheck, availabilityCheck, quotasCheck, permissionsCheck, backendCheck];
}
