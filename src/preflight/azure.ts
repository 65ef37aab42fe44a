// Azure preflight: az account (and that its token is still valid), VM sizes per zone with their
// restrictions (vm list-skus), regional vCPU quotas by family (vm list-usage) and network limits
// (network list-usages), role assignments at the subscription, and the state storage account.
import { fail, pass, warn, type DoctorCheck } from '../doctor/types.js';
import { nodeTypes } from '../cost/inventory.js';
import { CloudCliError } from './cloud-cli.js';
import { AZURE_ASSIGNMENT_WRITERS, AZURE_CREATORS } from './permissions.js';
import { judgeQuotas, type QuotaRow } from './quota.js';
import { judgeZones, type Preflight } from './types.js';

interface Account { id: string; name?: string; user?: { name: string; type: string } }
interface Sku {
  name: string;
  family?: string;
  locationInfo?: { location: string; zones?: string[] }[];
  restrictions?: { type: 'Location' | 'Zone'; reasonCode?: string; restrictionInfo?: { zones?: string[]; locations?: string[] } }[];
  capabilities?: { name: string; value: string }[];
}
interface Usage { name: { value: string; localizedValue?: string }; currentValue: number; limit: number }

export function azureChecks(pf: Preflight): DoctorCheck[] {
  const { config, cli, inventory } = pf;
  const location = config.region!;
  const sub = config.account?.azureSubscriptionId;
  const az = <T>(...args: string[]) => cli.json<T>([...args, ...(sub ? ['--subscription', sub] : []), '--output', 'json']);
  const account = () => cli.json<Account>(['account', 'show', ...(sub ? ['--subscription', sub] : []), '--output', 'json']);
  const skus = (size: string) => az<Sku[]>('vm', 'list-skus', '--location', location, '--resource-type', 'virtualMachines', '--size', size, '--all');
  const skuOf = async (size: string) => (await skus(size)).find((s) => s.name === size);

  const identityCheck: DoctorCheck = {
    id: 'identity', group: 'cloud', title: 'Cloud identity matches account.*',
    fix: 'Log in with az and select the configured subscription.',
    async run() {
      const acct = await account();
      // Only the expiry is queried, never the token.
      await az<string>('account', 'get-access-token', '--query', 'expiresOn');
      const who = `${acct.user?.name ?? '(unknown)'} (${acct.user?.type ?? 'user'})`;
      if (!sub) return warn(`${who}, subscription ${acct.id}`, `Set account.azureSubscriptionId: "${acct.id}" in braintrust.yaml so the deployment cannot land in another subscription.`);
      if (acct.id !== sub) return fail(`${who} is on subscription ${acct.id}; account.azureSubscriptionId is ${sub}`, `Run \`az account set --subscription ${sub}\`.`);
      return pass(`${who}, subscription ${sub}`);
    },
  };

  const availabilityCheck: DoctorCheck = {
    id: 'availability', group: 'cloud', title: 'VM sizes offered in the zones',
    fix: 'Pick VM sizes offered in the region, or pin zones that offer them.',
    async run() {
      const types = nodeTypes(inventory);
      const offers = new Map<string, Set<string>>();
      const unavailable: string[] = [];
      const allZones = new Set<string>();
      for (const t of types) {
        const sku = await skuOf(t);
        const info = sku?.locationInfo?.find((l) => l.location.toLowerCase() === location.toLowerCase());
        const blocked = sku?.restrictions?.find((r) => r.type === 'Location');
        if (!sku || !info || blocked) {
          unavailable.push(`${t}${blocked ? ` (${blocked.reasonCode ?? 'restricted'})` : ' (not offered)'}`);
          continue;
        }
        const restricted = new Set(sku.restrictions?.filter((r) => r.type === 'Zone').flatMap((r) => r.restrictionInfo?.zones ?? []) ?? []);
        const zones = (info.zones ?? []).filter((z) => !restricted.has(z));
        zones.forEach((z) => allZones.add(z));
        offers.set(t, new Set(zones));
      }
      if (unavailable.length) {
        return fail(`not available to this subscription in ${location}: ${unavailable.join(', ')}`,
          'Pick another size (see `braintrust sizing check`), another region, or ask Azure support to lift the restriction (NotAvailableForSubscription).');
      }
      const v = judgeZones(config, [...allZones].sort(), types, offers);
      pf.suggestedZones = v.suggested;
      return v.status === 'pass' ? pass(v.detail) : fail(v.detail, v.hint!);
    },
  };

  const quotasCheck: DoctorCheck = {
    id: 'quotas', group: 'cloud', title: 'Quotas hold the stack at its maximum size',
    fix: 'Request a quota increase (Subscriptions > Usage + quotas) before installing.',
    async run() {
      const [usage, network] = await Promise.all([
        az<Usage[]>('vm', 'list-usage', '--location', location),
        az<Usage[]>('network', 'list-usages', '--location', location),
      ]);
      const find = (list: Usage[], name: string) => list.find((u) => u.name.value.toLowerCase() === name.toLowerCase());
      const need = new Map<string, number>();
      const notes: string[] = [];
      let total = 0;
      for (const n of inventory.nodes) {
        const sku = await skuOf(n.instanceType);
        const vcpu = Number(sku?.capabilities?.find((c) => c.name === 'vCPUs')?.value);
        if (!sku?.family || !Number.isFinite(vcpu)) { notes.push(`${n.instanceType}: family or vCPUs unknown, not counted`); continue; }
        need.set(sku.family, (need.get(sku.family) ?? 0) + n.maxCount * vcpu);
        total += n.maxCount * vcpu;
      }
      const row = (list: Usage[], name: string, n: number): QuotaRow => {
        const u = find(list, name);
        return { name: u?.name.localizedValue ?? name, need: n, limit: u?.limit, used: u?.currentValue };
      };
      const rows = [
        row(usage, 'cores', total),
        ...[...need].map(([family, n]) => row(usage, family, n)),
        row(network, 'VirtualNetworks', inventory.networks),
        row(network, 'PublicIPAddresses', inventory.publicIps),
        row(network, 'NatGateways', inventory.natGateways),
      ];
      notes.push('PostgreSQL Flexible Server limits are not exposed by az: not checked');
      return judgeQuotas(rows, `Request an increase: Subscriptions > Usage + quotas, region ${location} (or \`az quota update\`).`, notes);
    },
  };

  const permissionsCheck: DoctorCheck = {
    id: 'permissions', group: 'cloud', title: 'Principal may create the stack\'s resources',
    fix: 'Assign Owner (or Contributor and User Access Administrator) at the subscription.',
    async run() {
      const acct = await account();
      const assignee = acct.user?.name;
      if (!assignee) return warn('the signed-in principal has no name to look up', 'Check its role assignments in the portal.');
      const scope = `/subscriptions/${sub ?? acct.id}`;
      const list = await az<{ roleDefinitionName: string; scope: string }[]>('role', 'assignment', 'list', '--assignee', assignee, '--scope', scope, '--include-inherited', '--include-groups');
      const roles = new Set(list.map((a) => a.roleDefinitionName));
      const creates = AZURE_CREATORS.some((r) => roles.has(r));
      const assigns = AZURE_ASSIGNMENT_WRITERS.some((r) => roles.has(r));
      const held = [...roles].sort().join(', ') || 'none';
      if (creates && assigns) return pass(`${assignee} holds ${held} at ${scope}`);
      const lacking = [!creates && 'Contributor (creates the resources)', !assigns && 'User Access Administrator (the stack creates role assignments for the cluster and its identities)'].filter(Boolean);
      return fail(`${assignee} lacks ${lacking.join(' and ')} at ${scope}; holds ${held}`,
        `az role assignment create --assignee ${assignee} --role ${creates ? '"User Access Administrator"' : 'Owner'} --scope ${scope}`);
    },
  };

  const backendCheck: DoctorCheck = {
    id: 'backend', group: 'cloud', title: 'State backend exists and is versioned',
    fix: 'Create the state storage account and container with blob versioning on.',
    async run() {
      const s = config.state;
      if (s.backend !== 'azurerm') return s.backend === 'local' ? pass('local state in .braintrust/ (use an azurerm backend for CI)') : fail(`state.backend ${s.backend} on Azure`, 'Use state.backend: azurerm (or local).');
      let props: { isVersioningEnabled?: boolean };
      try {
        props = await az('storage', 'account', 'blob-service-properties', 'show', '--account-name', s.storageAccountName, '--resource-group', s.resourceGroupName);
      } catch (e) {
        if (e instanceof CloudCliError && !e.login) return fail(`state storage account ${s.storageAccountName} is missing or not readable: ${e.message}`, `az storage account create --name ${s.storageAccountName} --resource-group ${s.resourceGroupName} --location ${location}`);
        throw e;
      }
      const exists = await az<{ exists: boolean }>('storage', 'container', 'exists', '--account-name', s.storageAccountName, '--name', s.containerName, '--auth-mode', 'login');
      if (!exists.exists) return fail(`container ${s.containerName} does not exist in ${s.storageAccountName}`, `az storage container create --account-name ${s.storageAccountName} --name ${s.containerName} --auth-mode login`);
      if (!props.isVersioningEnabled) return fail(`blob versioning is off on ${s.storageAccountName}`, `az storage account blob-service-properties update --account-name ${s.storageAccountName} --resource-group ${s.resourceGroupName} --enable-versioning true`);
      return pass(`${s.storageAccountName}/${s.containerName} exists, blob versioning on; lock: blob lease`);
    },
  };

  return [identityCheck, availabilityCheck, quotasCheck, permissionsCheck, backendCheck];
}
