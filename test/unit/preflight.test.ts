// braintrust preflight against scripted aws/gcloud/az that print what the real CLIs print: a type
// missing in one zone, an exhausted quota, a denied action, an expired login, a missing CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleConfig } from '../../src/config/defaults.js';
import type { Cloud, Tier } from '../../src/config/schema.js';
import { run as runWithoutDefaults } from '../../src/commands/preflight.js';
import { runHandler } from '../helpers/connect-harness.js';
import { scriptClouds, type CloudScript } from '../helpers/fake-cloud-script.js';
import { preflightCommand } from '../../src/commands/preflight.spec.js';
import { withDefaults } from '../helpers/command-options.js';

const run = withDefaults(preflightCommand, runWithoutDefaults);

async function configDir(cloud: Cloud, tier: Tier, extra: Record<string, unknown> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bt-preflight-'));
  await writeFile(join(dir, 'braintrust.json'), JSON.stringify({ ...exampleConfig(cloud, tier, { name: 'bt-pre', org: 'acme' }), ...extra }));
  return dir;
}

interface Report { ok: boolean; checks: { id: string; status: string; detail: string; hint: string }[]; suggestedZones?: string[] }

async function preflight(dir: string, env: NodeJS.ProcessEnv) {
  const r = await runHandler(run, { cwd: dir, config: 'braintrust.json', env, json: true }, { timeout: '120' });
  const report = JSON.parse(r.stdout) as Report;
  // The document is the one 'preflight.report' message's report, nothing else on stdout.
  const emitted = r.messages.filter((m) => m.code === 'preflight.report');
  assert.equal(emitted.length, 1);
  assert.deepEqual(report, JSON.parse(JSON.stringify(emitted[0].data.report)));
  return { ...r, report, check: (id: string) => report.checks.find((c) => c.id === id)! };
}

const AWS_ACCOUNT = '123456789012';
const awsIdentity = { argv: ['sts', 'get-caller-identity'], stdout: { UserId: 'AROAEXAMPLE:dev', Account: AWS_ACCOUNT, Arn: `arn:aws:sts::${AWS_ACCOUNT}:assumed-role/BraintrustDeployer/dev` } };
const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'];

function awsScript(over: Partial<Record<string, unknown>> = {}): CloudScript {
  const offer = (type: string, zs: string[]) => zs.map((z) => ({ InstanceType: type, LocationType: 'availability-zone', Location: z }));
  const quota = (code: string, name: string, value: number) => ({ argv: ['get-service-quota', '--quota-code', code], stdout: { Quota: { ServiceCode: 'ec2', QuotaCode: code, QuotaName: name, Value: value, Unit: 'None', Adjustable: true, GlobalQuota: false } } });
  return {
    aws: [
      awsIdentity,
      { argv: ['ec2', 'describe-availability-zones'], stdout: { AvailabilityZones: zones.map((z, i) => ({ State: 'available', OptInStatus: 'opt-in-not-required', RegionName: 'us-east-1', ZoneName: z, ZoneId: `use1-az${i + 1}`, ZoneType: 'availability-zone' })) } },
      // i8g.4xlarge is not offered in us-east-1c.
      { argv: ['ec2', 'describe-instance-type-offerings'], stdout: { InstanceTypeOfferings: [...offer('i8g.4xlarge', ['us-east-1a', 'us-east-1b', 'us-east-1d']), ...offer('c8gd.8xlarge', zones)] } },
      { argv: ['ec2', 'describe-instances'], stdout: ['m7g.xlarge', 'm7g.xlarge'] },
      { argv: ['ec2', 'describe-vpcs'], stdout: 2 },
      { argv: ['ec2', 'describe-addresses'], stdout: 1 },
      { argv: ['rds', 'describe-db-instances'], stdout: 3 },
      (over.standardQuota as never) ?? quota('L-1216C47A', 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances', 96),
      quota('L-F678F1CE', 'VPCs per Region', 5),
      quota('L-0263D0A3', 'EC2-VPC Elastic IPs', 5),
      quota('L-FE5A380F', 'NAT gateways per Availability Zone', 5),
      quota('L-7B6409FD', 'DB instances', 40),
      { argv: ['iam', 'get-role', '--role-name', 'BraintrustDeployer'], stdout: { Role: { Path: '/', RoleName: 'BraintrustDeployer', Arn: `arn:aws:iam::${AWS_ACCOUNT}:role/BraintrustDeployer` } } },
      { argv: ['iam', 'simulate-principal-policy'], stdout: over.simulate ?? { EvaluationResults: [] } },
    ],
  };
}

test('aws production: a type missing in one zone, an exhausted vCPU quota and a denied action fail with their fixes', async () => {
  const dir = await configDir('aws', 'production', { account: { awsAccountId: AWS_ACCOUNT } });
  const simulate = {
    EvaluationResults: [
      { EvalActionName: 'ec2:CreateVpc', EvalResourceName: '*', EvalDecision: 'allowed', MatchedStatements: [{ SourcePolicyId: 'PowerUserAccess' }] },
      { EvalActionName: 'iam:CreateRole', EvalResourceName: '*', EvalDecision: 'implicitDeny', MatchedStatements: [] },
    ],
  };
  const clouds = await scriptClouds(awsScript({ simulate }));
  try {
    const r = await preflight(dir, clouds.env());
    assert.equal(r.code, 1);
    assert.equal(r.report.ok, false);
    assert.equal(r.check('identity').status, 'pass');
    const avail = r.check('availability');
    assert.equal(avail.status, 'fail');
    assert.match(avail.detail, /i8g\.4xlarge not offered in us-east-1c/);
    assert.deepEqual(r.report.suggestedZones, ['us-east-1a', 'us-east-1b', 'us-east-1d']);
    assert.match(avail.hint, /zones: \[us-east-1a, us-east-1b, us-east-1d\]/);
    // Readers 2 x i8g.4xlarge (16 vCPU) and a writer c8gd.8xlarge (32), each ASG at 2x: 128 vCPU;
    // 96 allowed, 8 in use (2 x m7g.xlarge).
    const quotas = r.check('quotas');
    assert.equal(quotas.status, 'fail');
    assert.match(quotas.detail, /Standard .*need 128, limit 96, in use 8, headroom -40/);
    assert.match(quotas.hint, /short by 40/);
    const perms = r.check('permissions');
    assert.equal(perms.status, 'fail');
    assert.match(perms.detail, /iam:CreateRole \(implicitDeny\)/);
    assert.equal(r.check('backend').status, 'pass');
    const sim = (await clouds.calls('aws')).find((a) => a.includes('simulate-principal-policy'))!;
    assert.equal(sim[sim.indexOf('--policy-source-arn') + 1], `arn:aws:iam::${AWS_ACCOUNT}:role/BraintrustDeployer`);
    // Actions come from the synthesized resource types.
    for (const a of ['rds:CreateDBInstance', 'elasticache:CreateReplicationGroup', 'autoscaling:CreateAutoScalingGroup', 'lambda:CreateFunction']) assert.ok(sim.includes(a), a);
    for (const argv of await clouds.calls('aws')) assert.ok(argv.includes('us-east-1'), `region on ${argv.join(' ')}`);
  } finally {
    await clouds.cleanup();
  }
});

test('aws: pinned zones that offer every type and quota headroom pass; wrong account fails', async () => {
  const dir = await configDir('aws', 'production', { account: { awsAccountId: '210987654321' }, zones: ['us-east-1a', 'us-east-1b', 'us-east-1d'] });
  const clouds = await scriptClouds(awsScript({ standardQuota: { argv: ['get-service-quota', '--quota-code', 'L-1216C47A'], stdout: { Quota: { QuotaCode: 'L-1216C47A', Value: 512 } } } }));
  try {
    const r = await preflight(dir, clouds.env());
    assert.equal(r.check('availability').status, 'pass');
    assert.equal(r.check('quotas').status, 'pass');
    assert.equal(r.check('permissions').status, 'pass');
    assert.equal(r.check('identity').status, 'fail');
    assert.match(r.check('identity').detail, /account 123456789012 .* account\.awsAccountId is 210987654321/);
  } finally {
    await clouds.cleanup();
  }
});

test('aws: an expired login fails with the login fix, not a permission error', async () => {
  const dir = await configDir('aws', 'testing');
  const expired = { argv: [], stderr: '\nAn error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired', exit: 254 };
  const clouds = await scriptClouds({ aws: [expired] });
  try {
    const r = await preflight(dir, clouds.env());
    assert.equal(r.code, 1);
    const id = r.check('identity');
    assert.equal(id.status, 'fail');
    assert.match(id.detail, /ExpiredToken/);
    assert.match(id.hint, /aws sso login/);
    assert.match(r.check('quotas').hint, /Log in again/);
    const human = await runHandler(run, { cwd: dir, config: 'braintrust.json', env: clouds.env() }, { timeout: '120' });
    assert.equal(human.code, 1);
    assert.match(human.stdout, /identity +FAIL +`aws sts get-caller-identity` failed: .*ExpiredToken/);
    assert.match(human.stdout, /To fix:\n.*identity: Log in again: `aws sso login`/);
    assert.match(human.stdout, /preflight: some checks failed \(1 pass, 0 warn, 4 fail/);
    assert.deepEqual(human.messages.map((m) => m.code), ['preflight.report']);
    const [m] = human.messages;
    if (m.code === 'preflight.report') assert.equal(m.data.report.checks.find((c) => c.id === 'identity')?.status, 'fail');
  } finally {
    await clouds.cleanup();
  }
});

test('a missing cloud CLI is exit 3 with the install hint', async () => {
  const dir = await configDir('gcp', 'testing');
  const empty = await mkdtemp(join(tmpdir(), 'bt-empty-path-'));
  const r = await runHandler(run, { cwd: dir, config: 'braintrust.json', env: { PATH: empty }, json: true }, {});
  assert.equal(r.code, 3);
  const doc = JSON.parse(r.stdout) as { ok: boolean; error: { code: string; hint: string } };
  assert.equal(doc.error.code, 'TOOL_MISSING');
  assert.match(doc.error.hint, /Google Cloud CLI/);
});

test('gcp testing: exhausted C4A quota, type missing in the first zone, roles seen in the project policy', async () => {
  const dir = await configDir('gcp', 'testing', { account: { gcpProject: 'acme-bt' } });
  const clouds = await scriptClouds({
    gcloud: [
      { argv: ['config', 'get-value', 'account'], stdout: 'deployer@acme.com\n' },
      { argv: ['config', 'get-value', 'project'], stdout: 'acme-bt\n' },
      { argv: ['auth', 'print-access-token'], stdout: 'ya29.not-a-real-token\n' },
      { argv: ['compute', 'zones', 'list'], stdout: ['a', 'b', 'c', 'f'].map((z) => ({ kind: 'compute#zone', name: `us-central1-${z}`, region: 'https://www.googleapis.com/compute/v1/projects/acme-bt/regions/us-central1', status: 'UP' })) },
      {
        argv: ['compute', 'machine-types', 'list'],
        stdout: [
          ...['b', 'c', 'f'].map((z) => ({ kind: 'compute#machineType', name: 'c4a-standard-4-lssd', guestCpus: 4, memoryMb: 16384, zone: `us-central1-${z}` })),
          ...['a', 'b', 'c', 'f'].map((z) => ({ kind: 'compute#machineType', name: 'e2-standard-4', guestCpus: 4, memoryMb: 16384, zone: `us-central1-${z}` })),
        ],
      },
      {
        argv: ['compute', 'regions', 'describe', 'us-central1'],
        stdout: { name: 'us-central1', status: 'UP', quotas: [
          { metric: 'CPUS', limit: 24, usage: 4 },
          { metric: 'C4A_CPUS', limit: 8, usage: 8 },
          { metric: 'LOCAL_SSD_TOTAL_GB', limit: 6000, usage: 0 },
          { metric: 'IN_USE_ADDRESSES', limit: 8, usage: 0 },
        ] },
      },
      { argv: ['compute', 'project-info', 'describe'], stdout: { name: 'acme-bt', quotas: [{ metric: 'NETWORKS', limit: 15, usage: 1 }] } },
      {
        argv: ['projects', 'get-iam-policy', 'acme-bt'],
        stdout: { bindings: [
          { role: 'roles/editor', members: ['user:deployer@acme.com'] },
          { role: 'roles/viewer', members: ['group:eng@acme.com'] },
        ], etag: 'BwX', version: 1 },
      },
    ],
  });
  try {
    const r = await preflight(dir, clouds.env());
    assert.equal(r.code, 1);
    assert.equal(r.check('identity').status, 'pass');
    const avail = r.check('availability');
    assert.equal(avail.status, 'fail');
    assert.match(avail.detail, /c4a-standard-4-lssd not offered in us-central1-a/);
    assert.deepEqual(r.report.suggestedZones, ['us-central1-b']);
    const quotas = r.check('quotas');
    assert.equal(quotas.status, 'fail');
    assert.match(quotas.detail, /C4A_CPUS \(us-central1\): need 4, limit 8, in use 8, headroom -4/);
    assert.match(quotas.detail, /LOCAL_SSD_TOTAL_GB \(us-central1\): need 375/);
    const perms = r.check('permissions');
    assert.equal(perms.status, 'warn'); // editor cannot set IAM; a group may still grant it
    assert.match(perms.hint, /roles\/resourcemanager\.projectIamAdmin/);
    const calls = await clouds.calls('gcloud');
    assert.ok(!calls.some((a) => a.join(' ').includes('ya29')), 'the token never reaches an argv');
  } finally {
    await clouds.cleanup();
  }
});

test('azure production: a restricted size, a family quota and a missing role assignment', async () => {
  const sub = '11111111-2222-3333-4444-555555555555';
  const dir = await configDir('azure', 'production', { account: { azureSubscriptionId: sub } });
  const sku = (name: string, family: string, vcpus: number, restrictedZones: string[] = []) => ({
    argv: ['vm', 'list-skus', '--size', name],
    stdout: [{
      resourceType: 'virtualMachines', name, tier: 'Standard', size: name.replace('Standard_', ''), family,
      locations: ['eastus'], locationInfo: [{ location: 'eastus', zones: ['1', '2', '3'], zoneDetails: [] }],
      capabilities: [{ name: 'vCPUs', value: String(vcpus) }, { name: 'MemoryGB', value: String(vcpus * 8) }],
      restrictions: restrictedZones.length ? [{ type: 'Zone', reasonCode: 'NotAvailableForSubscription', restrictionInfo: { locations: ['eastus'], zones: restrictedZones }, values: ['eastus'] }] : [],
    }],
  });
  const clouds = await scriptClouds({
    az: [
      { argv: ['account', 'show'], stdout: { id: sub, name: 'Acme prod', state: 'Enabled', tenantId: 'tttt', user: { name: 'deployer@acme.onmicrosoft.com', type: 'user' } } },
      { argv: ['account', 'get-access-token'], stdout: '"2026-11-26 16:00:00.000000"' },
      sku('Standard_D4s_v5', 'standardDSv5Family', 4),
      sku('Standard_D8s_v5', 'standardDSv5Family', 8),
      sku('Standard_L16as_v3', 'standardLASv3Family', 16, ['3']),
      sku('Standard_L32as_v3', 'standardLASv3Family', 32),
      { argv: ['vm', 'list-usage'], stdout: [
        { currentValue: 10, limit: 350, localName: 'Total Regional vCPUs', name: { localizedValue: 'Total Regional vCPUs', value: 'cores' } },
        { currentValue: 0, limit: 100, localName: 'Standard DSv5 Family vCPUs', name: { localizedValue: 'Standard DSv5 Family vCPUs', value: 'standardDSv5Family' } },
        { currentValue: 0, limit: 32, localName: 'Standard LASv3 Family vCPUs', name: { localizedValue: 'Standard LASv3 Family vCPUs', value: 'standardLASv3Family' } },
      ] },
      { argv: ['network', 'list-usages'], stdout: [
        { currentValue: 1, limit: 1000, name: { localizedValue: 'Virtual Networks', value: 'VirtualNetworks' } },
        { currentValue: 2, limit: 1000, name: { localizedValue: 'Public IP Addresses', value: 'PublicIPAddresses' } },
        { currentValue: 0, limit: 1000, name: { localizedValue: 'NAT Gateways', value: 'NatGateways' } },
      ] },
      { argv: ['role', 'assignment', 'list'], stdout: [{ principalName: 'deployer@acme.onmicrosoft.com', roleDefinitionName: 'Contributor', scope: `/subscriptions/${sub}` }] },
    ],
  });
  try {
    const r = await preflight(dir, clouds.env());
    assert.equal(r.code, 1);
    assert.equal(r.check('identity').status, 'pass');
    const avail = r.check('availability');
    assert.equal(avail.status, 'fail');
    assert.match(avail.detail, /Standard_L16as_v3 not offered in 3/);
    // Readers 2 x 16 + writer 1 x 32 (fixed pools) = 64 LASv3 vCPUs against 32.
    const quotas = r.check('quotas');
    assert.equal(quotas.status, 'fail');
    assert.match(quotas.detail, /Standard LASv3 Family vCPUs: need 64, limit 32, in use 0, headroom -32/);
    const perms = r.check('permissions');
    assert.equal(perms.status, 'fail');
    assert.match(perms.detail, /User Access Administrator/);
    for (const argv of await clouds.calls('az')) if (argv[0] !== 'account' || argv[1] !== 'show') assert.ok(argv.includes(sub), argv.join(' '));
  } finally {
    await clouds.cleanup();
  }
});
