// Azure parity: the synthesized stack against test/parity/azure.yaml (the official module and
// the pinned chart, with the deliberate differences). Both tiers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TerraformJson } from '../../stacks/synth.js';
import { buildStack } from '../../stacks/azure/index.js';
import { BRAINTRUST_CHART } from '../../stacks/common/helm-values.js';
import { setAt } from '../../src/config/keys.js';
import { onlyResource, resourcesOf } from '../helpers/terraform-json.js';
import { fixtureConfig, releaseValues, stackSynth } from '../helpers/stack-fixtures.js';
import { AZURE_PRODUCTION, AZURE_TESTING } from '../helpers/stack-fixtures.js';
import { parityData, readmeSection, schedulablePools, unknownChartKeys, type Pool } from '../helpers/parity.js';

const PRODUCTION = AZURE_PRODUCTION;
const TESTING = AZURE_TESTING;

const data = parityData('azure');
const synth = stackSynth(buildStack);
const tiers: [string, TerraformJson][] = [
  ['production', synth(fixtureConfig(PRODUCTION))],
  ['testing', synth(fixtureConfig(TESTING))],
];

function at(obj: any, path: string): any {
  return path.split('.').reduce((o, k) => o?.[k], obj);
}

describe('azure parity: chart', () => {
  it('pins the chart version the data file was read from', () => {
    assert.equal(BRAINTRUST_CHART.version, data.chart.version);
  });

  it(`sets only keys chart ${data.chart.version} reads with every scaling/kubernetes/data path setting (allSettings)`, () => {
    const values = releaseValues(onlyResource(synth(fixtureConfig(PRODUCTION, (c) => {
      for (const [key, value] of Object.entries(data.allSettings.config)) setAt(c as Record<string, unknown>, key, value);
    })), 'helm_release'));
    assert.deepEqual(unknownChartKeys(values, { ...data.chart, ignoredOnThisTarget: data.ignoredOnThisTarget }), []);
    const chartKeys = new Set([...data.chart.valuesKeys, ...data.chart.templateOnlyKeys]);
    for (const path of data.allSettings.sets as string[]) {
      assert.ok(chartKeys.has(path), `${path} is a key of chart ${data.chart.version}`);
      assert.notEqual(at(values, path), undefined, `${path} is set`);
    }
  });

  for (const [tier, json] of tiers) {
    const values = releaseValues(onlyResource(json, 'helm_release'));

    it(`sets only keys chart ${data.chart.version} reads on Azure (${tier})`, () => {
      assert.deepEqual(unknownChartKeys(values, { ...data.chart, ignoredOnThisTarget: data.ignoredOnThisTarget }), []);
    });

    it(`maps every secret key the chart reads to a Key Vault secret the stack writes (${tier})`, () => {
      const mapped = Object.fromEntries(
        (values.azureKeyVaultDriver.secrets as any[]).map((s) => [s.keyVaultSecretName, s.kubernetesSecretKey]),
      );
      assert.deepEqual(mapped, data.secrets.keyVault);
      for (const k of data.secrets.readByChart) assert.ok(Object.values(mapped).includes(k), k);
      const written = resourcesOf(json, 'azurerm_key_vault_secret').map(([, s]) => (s as any).name);
      for (const name of Object.keys(mapped)) assert.ok(written.includes(name), `Key Vault secret ${name} exists`);
    });

    it(`schedules every workload on a pool whose labels and taints it matches (${tier})`, () => {
      const pools: Pool[] = resourcesOf(json, 'azurerm_kubernetes_cluster_node_pool').map(([, p]: [string, any]) => ({
        name: p.name,
        labels: p.node_labels ?? {},
        taints: (p.node_taints ?? []).map((t: string) => {
          const [, key, value, effect] = /^([^=]+)=([^:]+):(.+)$/.exec(t)!;
          return { key, value, effect };
        }),
      }));
      for (const w of data.workloads as string[]) assert.ok(schedulablePools(at(values, w), pools).length > 0, `${w} has a pool`);
      for (const p of pools.filter((x) => x.taints.length > 0)) {
        assert.ok((data.workloads as string[]).some((w) => schedulablePools(at(values, w), [p]).length > 0), `${p.name} is used`);
      }
    });

    it(`sets the reviewed PostgreSQL parameters (${tier})`, () => {
      const params = Object.fromEntries(
        resourcesOf(json, 'azurerm_postgresql_flexible_server_configuration').map(([, c]) => [(c as any).name, (c as any).value]),
      );
      assert.deepEqual(params, data.postgres);
    });

    it(`grants the workload identity the reviewed roles (${tier})`, () => {
      const identity = /azurerm_user_assigned_identity\.identity_[^.]+/;
      const roles = resourcesOf(json, 'azurerm_role_assignment')
        .map(([, r]) => r as any)
        .filter((r) => identity.test(r.principal_id))
        .map((r) => `${r.role_definition_name} on ${/azurerm_key_vault\./.test(r.scope) ? 'key vault' : /azurerm_storage_account\./.test(r.scope) ? 'storage account' : r.scope}`)
        .sort();
      assert.deepEqual(roles, data.iam.roles);
      const federated = resourcesOf(json, 'azurerm_federated_identity_credential').map(([, f]) => (f as any).subject).sort();
      assert.deepEqual(federated, data.iam.federated);
    });
  }
});

describe('azure parity: customer-managed keys', () => {
  for (const [tier, json] of tiers) {
    it(`encrypts PostgreSQL and Storage with the reviewed keys and identity (${tier})`, () => {
      const keys = Object.fromEntries(resourcesOf(json, 'azurerm_key_vault_key').map(([n, k]) => [n, (k as any).name]));
      const keyOf = (ref: string) => keys[/azurerm_key_vault_key\.([^.]+)\./.exec(ref ?? '')?.[1] ?? ''] ?? `not a key: ${ref}`;
      const identities = Object.fromEntries(resourcesOf(json, 'azurerm_user_assigned_identity').map(([n, i]) => [n, (i as any).name.replace(/^bt-[a-z]+-/, '')]));
      const identityOf = (ref: string) => identities[/azurerm_user_assigned_identity\.([^.]+)\./.exec(ref ?? '')?.[1] ?? ''] ?? `not an identity: ${ref}`;
      const got: string[] = [];
      for (const type of ['azurerm_postgresql_flexible_server', 'azurerm_storage_account']) {
        const r = onlyResource(json, type) as any;
        if (!r.customer_managed_key) continue;
        const cmk = r.customer_managed_key;
        const as = cmk.primary_user_assigned_identity_id ?? cmk.user_assigned_identity_id;
        assert.deepEqual(r.identity, { type: 'UserAssigned', identity_ids: [as] }, `${type} runs as the identity it encrypts with`);
        got.push(`${type} customer_managed_key with ${keyOf(cmk.key_vault_key_id)} as ${identityOf(as)} identity`);
      }
      assert.deepEqual(got.sort(), data.encryption[tier]);
      const roles = resourcesOf(json, 'azurerm_role_assignment')
        .map(([, r]) => r as any)
        .filter((r) => /azurerm_user_assigned_identity\./.test(r.principal_id) && /Crypto/.test(r.role_definition_name))
        .map((r) => `${r.role_definition_name} on ${/azurerm_key_vault\./.test(r.scope) ? 'key vault' : `key ${keyOf(r.scope)}`} as ${identityOf(r.principal_id)}`)
        .sort();
      assert.deepEqual(roles, data.encryption.roles[tier]);
    });
  }
});

describe('azure parity: README', () => {
  it('lists every deliberate difference, with its reason, under "### Azure"', () => {
    const section = readmeSection('### Azure');
    assert.ok(section.length > 0, 'README has a ### Azure section');
    for (const d of data.differences) {
      assert.ok(d.reason && d.official && d.ours, `${d.title}: official, ours and reason`);
      assert.ok(section.includes(d.title), `README ### Azure mentions "${d.title}"`);
    }
  });
});
