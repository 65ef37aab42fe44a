// GCP parity: the synthesized stack against test/parity/gcp.yaml (the official module and the
// pinned chart, with the deliberate differences). Both tiers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigInput } from '../../src/config/schema.js';
import type { TerraformJson } from '../../stacks/synth.js';
import { buildStack } from '../../stacks/gcp/index.js';
import { BRAINTRUST_CHART } from '../../stacks/common/helm-values.js';
import { setAt } from '../../src/config/keys.js';
import { onlyResource, resourcesOf } from '../helpers/terraform-json.js';
import { fixtureConfig, releaseValues, stackSynth } from '../helpers/stack-fixtures.js';
import { GCP_PRODUCTION, GCP_TESTING } from '../helpers/stack-fixtures.js';
import { parityData, readmeSection, schedulablePools, unknownChartKeys, type Pool } from '../helpers/parity.js';

const PRODUCTION = GCP_PRODUCTION;
// Testing on an Arm (c4a) node: the arm64 taint and toleration are part of what is compared.
const TESTING: ConfigInput = { ...GCP_TESTING, brainstore: { combined: { count: 1, instanceType: 'c4a-standard-8-lssd' } } };

const data = parityData('gcp');
const synth = stackSynth(buildStack);
const tiers: [string, TerraformJson][] = [
  ['production', synth(fixtureConfig(PRODUCTION))],
  ['testing', synth(fixtureConfig(TESTING))],
];

function chartValues(json: TerraformJson): any {
  const release = resourcesOf(json, 'helm_release').find(([, r]) => r.chart === 'braintrust');
  assert.ok(release);
  return releaseValues(release[1]);
}

/** `a.b.c` of an object. */
function at(obj: any, path: string): any {
  return path.split('.').reduce((o, k) => o?.[k], obj);
}

/** google_service_account.identity_api_XXXX.email -> api */
function accountOf(ref: string): string {
  return /google_service_account\.identity_([a-z]+)_/.exec(ref)?.[1] ?? ref;
}

describe('gcp parity: chart', () => {
  it('pins the chart version the data file was read from', () => {
    assert.equal(BRAINTRUST_CHART.version, data.chart.version);
  });

  it(`sets only keys chart ${data.chart.version} reads with every scaling/kubernetes/data path setting (allSettings)`, () => {
    const values = chartValues(synth(fixtureConfig(PRODUCTION, (c) => {
      for (const [key, value] of Object.entries(data.allSettings.config)) setAt(c as Record<string, unknown>, key, value);
    })));
    assert.deepEqual(unknownChartKeys(values, { ...data.chart, ignoredOnThisTarget: data.ignoredOnThisTarget }), []);
    const chartKeys = new Set([...data.chart.valuesKeys, ...data.chart.templateOnlyKeys]);
    for (const path of data.allSettings.sets as string[]) {
      assert.ok(chartKeys.has(path), `${path} is a key of chart ${data.chart.version}`);
      assert.notEqual(path.split('.').reduce((o: any, k) => o?.[k], values), undefined, `${path} is set`);
    }
  });

  for (const [tier, json] of tiers) {
    it(`sets only keys chart ${data.chart.version} reads on GKE Standard (${tier})`, () => {
      assert.deepEqual(unknownChartKeys(chartValues(json), { ...data.chart, ignoredOnThisTarget: data.ignoredOnThisTarget }), []);
    });

    it(`provides every key of braintrust-secrets the chart reads (${tier})`, () => {
      const secret = onlyResource(json, 'kubernetes_secret_v1') as any;
      const keys = Object.keys(secret.data).sort();
      for (const k of data.secrets.readByChart) assert.ok(keys.includes(k), k);
      assert.deepEqual(keys, [...data.secrets.provided].sort());
    });

    it(`schedules every workload on a pool whose labels and taints it matches (${tier})`, () => {
      const values = chartValues(json);
      const pools: Pool[] = resourcesOf(json, 'google_container_node_pool').map(([, p]: [string, any]) => ({
        name: p.name,
        labels: p.node_config.labels ?? {},
        // GKE's own taint on Arm nodes counts like ours.
        taints: [
          ...(p.node_config.taint ?? []).map((t: any) => ({ key: t.key, value: t.value, effect: t.effect === 'NO_SCHEDULE' ? 'NoSchedule' : t.effect })),
          ...(/^(c4a|t2a)-/.test(p.node_config.machine_type) ? [{ key: 'kubernetes.io/arch', value: 'arm64', effect: 'NoSchedule' }] : []),
        ],
      }));
      for (const w of data.workloads as string[]) {
        assert.ok(schedulablePools(at(values, w), pools).length > 0, `${w} has a pool`);
      }
      // And nothing else lands on a Brainstore pool: every tainted pool is someone's.
      for (const p of pools.filter((x) => x.taints.some((t) => t.key === 'dedicated'))) {
        assert.ok((data.workloads as string[]).some((w) => schedulablePools(at(values, w), [p]).length > 0), `${p.name} is used`);
      }
    });
  }
});

describe('gcp parity: chart values with HTTPS ingress', () => {
  const variants: [string, ConfigInput][] = [
    ['public', { ...PRODUCTION, ingress: { domain: 'bt.example.com', certificate: 'managed', allowedCidrs: ['203.0.113.0/24'] } } as ConfigInput],
    ['private', { ...TESTING, ingress: { mode: 'private', domain: 'bt.corp.example', certificate: 'corp-bt' } } as ConfigInput],
  ];
  for (const [mode, input] of variants) {
    it(`sets only keys chart ${data.chart.version} reads on GKE Standard (${mode} ingress)`, () => {
      const values = chartValues(synth(fixtureConfig(input)));
      assert.equal(values.api.service.type, 'ClusterIP');
      assert.deepEqual(unknownChartKeys(values, { ...data.chart, ignoredOnThisTarget: data.ignoredOnThisTarget }), []);
    });
  }
});

describe('gcp parity: PostgreSQL', () => {
  for (const [tier, json] of tiers) {
    it(`sets the reviewed database flags (${tier})`, () => {
      const db = onlyResource(json, 'google_sql_database_instance') as any;
      const flags = Object.fromEntries(db.settings.database_flags.map((f: any) => [f.name, f.value]));
      assert.deepEqual(flags, data.postgres[tier]);
      assert.equal(db.settings.data_cache_config?.data_cache_enabled ?? false, data.postgres.dataCache[tier]);
    });
  }
});

describe('gcp parity: IAM', () => {
  it('grants each service account the reviewed roles', () => {
    const [, json] = tiers[0];
    const got: Record<string, string[]> = { api: [], brainstore: [] };
    for (const [, g] of resourcesOf(json, 'google_storage_bucket_iam_member') as [string, any][]) {
      const bucket = /google_storage_bucket\.storage_([a-z]+)_/.exec(g.bucket)![1];
      got[accountOf(g.member)].push(`${g.role} on bucket ${bucket}`);
    }
    for (const [, m] of resourcesOf(json, 'google_service_account_iam_member') as [string, any][]) {
      const target = accountOf(m.service_account_id);
      const ksa = /svc\.id\.goog\[(.+)\]$/.exec(m.member)?.[1];
      got[ksa ? target : accountOf(m.member)].push(`${m.role} on service account ${target}${ksa ? ` for ${ksa}` : ''}`);
    }
    for (const k of Object.keys(got)) got[k].sort();
    assert.deepEqual(got, data.iam);
  });
});

describe('gcp parity: README', () => {
  it('lists every deliberate difference, with its reason, under "### GCP"', () => {
    const section = readmeSection('### GCP');
    assert.ok(section.length > 0, 'README has a ### GCP section');
    for (const d of data.differences) {
      assert.ok(d.reason && d.official && d.ours, `${d.title}: official, ours and reason`);
      assert.ok(section.includes(d.title), `README ### GCP mentions "${d.title}"`);
    }
  });
});

describe('gcp parity: customer-managed encryption', () => {
  /** `${google_kms_crypto_key.kms_key_XXXX.id}` -> data, storage_storage-key -> storage. */
  function keyOf(ref: string): string {
    const m = /\$\{google_kms_crypto_key\.([a-z]+)_([a-z-]+?)_[0-9A-F]+\.id\}/.exec(ref ?? '');
    if (!m) return `not a key: ${ref}`;
    return m[1] === 'kms' ? 'data' : 'storage';
  }

  for (const [tier, json] of tiers) {
    it(`encrypts with the reviewed keys and grants the reviewed agents (${tier})`, () => {
      const encrypted = new Set<string>();
      const uses: [string, string][] = [
        ['google_container_cluster', 'database_encryption.key_name'],
        ['google_container_node_pool', 'node_config.boot_disk_kms_key'],
        ['google_redis_instance', 'customer_managed_key'],
        ['google_sql_database_instance', 'encryption_key_name'],
        ['google_storage_bucket', 'encryption.default_kms_key_name'],
      ];
      for (const [type, path] of uses) {
        for (const [name, r] of resourcesOf(json, type)) {
          const key = keyOf(at(r, path));
          assert.doesNotMatch(key, /^not a key/, `${type}.${name} ${path}`);
          encrypted.add(`${type} ${path} with ${key}`);
        }
      }
      assert.deepEqual([...encrypted].sort(), data.cmek.encrypted);

      const agents: string[] = [];
      for (const [, g] of resourcesOf(json, 'google_kms_crypto_key_iam_member') as [string, any][]) {
        assert.equal(g.role, 'roles/cloudkms.cryptoKeyEncrypterDecrypter');
        const key = keyOf(g.crypto_key_id);
        const domain = /@([a-z-]+\.iam\.gserviceaccount\.com)$/.exec(g.member)?.[1];
        const identity = /\$\{google_project_service_identity\.([^.]+)\.email\}/.exec(g.member)?.[1];
        if (domain) agents.push(`${domain} on ${key}`);
        else if (identity) {
          const r = (json.resource as any).google_project_service_identity[identity];
          agents.push(`google_project_service_identity ${r.service} (${r.provider}) on ${key}`);
        } else if (/google_storage_project_service_account/.test(g.member)) agents.push(`google_storage_project_service_account on ${key}`);
        else agents.push(`unknown ${g.member} on ${key}`);
      }
      assert.deepEqual(agents.sort(), data.cmek.agents);
    });
  }
});
