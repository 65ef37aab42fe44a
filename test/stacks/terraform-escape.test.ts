// Issue 11 item 3: no user-supplied string reaches cdk.tf.json as a live Terraform expression.
// One synth per cloud with a distinct expression planted in every string field the config
// validation accepts it in; each one that reaches the JSON must be escaped ($${ / %%{), and
// the references the stacks make themselves must stay live.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleConfig } from '../../src/config/defaults.js';
import { validateConfig } from '../../src/config/load.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { synthDeployment } from '../../stacks/synth.js';
import { checkSizing } from '../../src/sizing/check.js';
import { escapeTemplateString } from '../../src/config/terraform-escape.js';

type Json = Record<string, unknown>;

/** Every string leaf of a config (and the tag map keys), as paths. */
function stringPaths(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'string') return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringPaths(x, [...path, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringPaths(x, [...path, k]));
  return [];
}
function setAt(obj: Json, path: (string | number)[], value: string): void {
  let cur: any = obj;
  for (const k of path.slice(0, -1)) cur = cur[k];
  cur[path[path.length - 1]] = value;
}
// Accepted as the pipeline does before synth: validation, then the sizing check (instance types).
const accepted = (c: unknown) => { try { checkSizing(validateConfig(c)); return true; } catch { return false; } };

function withFreeTextFields(cloud: 'aws' | 'gcp' | 'azure'): ConfigInput {
  const c = exampleConfig(cloud, 'production', { name: 'bt', org: 'acme' }) as Json;
  c.tags = { team: 'data', 'cost-center': 'x' };
  const now = Date.parse('2026-01-01T00:00:00Z');
  const principal = { aws: 'arn:aws:iam::123456789012:role/Support', gcp: 'user:help@example.com', azure: '0f8fad5b-d9cb-469f-a165-70867728950e' }[cloud];
  c.remoteAccess = { grants: [{ principal, reason: 'INC-1 lag', grantedAt: new Date(now).toISOString(), expiresAt: new Date(now + 3_600_000).toISOString() }] };
  (c.api as Json).nodeInstanceType = (c.api as Json).nodeInstanceType ?? ({ aws: 'c8g.large', gcp: 'c4a-standard-8', azure: 'Standard_D8ps_v6' }[cloud]);
  return c as ConfigInput;
}

for (const cloud of ['aws', 'gcp', 'azure'] as const) {
  describe(`${cloud}: planted Terraform expressions are escaped`, () => {
    test('every accepted string field, and tag keys', async () => {
      const base = withFreeTextFields(cloud);
      const planted = structuredClone(base) as Json;
      const markers: string[] = [];
      stringPaths(base).forEach((path, i) => {
        const before = structuredClone(planted);
        // No quotes in the markers: values embedded in YAML (Helm values) would escape them.
        const marker = i % 2 ? `\${abspath(p${i})}` : `%{ if true }p${i}%{ endif }`;
        setAt(planted, path, `${String(path.reduce((o: any, k) => o[k], base))}${marker}`);
        if (accepted(planted)) markers.push(marker);
        else Object.assign(planted, before);
      });
      (planted.tags as Json)['k${abspath(tagkey)}'] = 'v';
      if (accepted(planted)) markers.push('${abspath(tagkey)}');
      const org = stringPaths(base).findIndex((p) => p[0] === 'orgName');
      assert.ok(markers.some((m) => m.includes(`p${org}`)), 'orgName takes a planted expression');

      const dir = await mkdtemp(join(tmpdir(), 'bt-escape-'));
      try {
        const baseline = JSON.stringify((await synthDeployment(validateConfig(base), join(dir, 'a'))).json);
        const text = JSON.stringify((await synthDeployment(validateConfig(planted), join(dir, 'b'))).json);
        let reached = 0;
        for (const m of markers) {
          const live = JSON.stringify(m).slice(1, -1);
          const escaped = JSON.stringify(escapeTemplateString(m)).slice(1, -1);
          const rest = text.split(escaped).join('');
          assert.ok(!rest.includes(live), `${m} reaches cdk.tf.json unescaped`);
          if (text.includes(escaped)) reached += 1;
        }
        // (GCP labels sanitise tag values, so fewer reach that stack as written.)
        assert.ok(reached >= 2, `planted values reach the stack (${reached} of ${markers.length})`);
        // The stacks' own references stay live: the same distinct ${...} references as without the plants.
        const refs = (s: string) => new Set(s.match(/(?<!\$)\$\{[a-z][^}]*\}/g) ?? []);
        // (Planted instance types can split node pools, so the planted stack may have more.)
        const live = refs(text);
        for (const r of refs(baseline)) assert.ok(live.has(r), `${r} stays a live reference`);
        for (const r of live) assert.doesNotMatch(r, /abspath\(|if true/, 'only the stacks\' own references are live');
        assert.ok(refs(text).size > 10);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
