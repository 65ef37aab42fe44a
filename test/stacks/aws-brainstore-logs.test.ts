// Brainstore container logs reach CloudWatch (what `braintrust logs` reads): one log group per
// role with retention, the awslogs driver on the container, and the role may write only there.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigInput } from '../../src/config/schema.js';
import type { TerraformJson } from '../../stacks/synth.js';
import { brainstoreLogGroupName } from '../../stacks/aws/brainstore-user-data.js';
import { resourcesOf } from '../helpers/terraform-json.js';
import { awsProductionInput, synthAws } from '../parity/aws-fixtures.js';

const base: ConfigInput = awsProductionInput({ state: { backend: 'local' } });

function synth(input: ConfigInput): TerraformJson {
  return synthAws(input).json;
}

function scriptsOf(json: TerraformJson): Map<string, string> {
  const out = new Map<string, string>();
  for (const [, body] of resourcesOf(json, 'aws_launch_template')) {
    const m = /local\.([A-Za-z0-9_]+)/.exec(String(body.user_data));
    out.set(String(body.name), String((json.locals as Record<string, unknown>)[m![1]]));
  }
  return out;
}

describe('AWS Brainstore container logs', () => {
  const prod = synth(base);

  test('one log group per role, with retention and the deployment key', () => {
    const groups = resourcesOf(prod, 'aws_cloudwatch_log_group').map(([, b]) => b);
    for (const role of ['reader', 'writer'] as const) {
      const g = groups.find((b) => b.name === brainstoreLogGroupName('acme-prod', role));
      assert.ok(g, `no log group for ${role}`);
      assert.equal(g.retention_in_days, 90);
      assert.match(String(g.kms_key_id), /aws_kms_key/);
    }
    assert.equal(brainstoreLogGroupName('acme-prod', 'reader'), '/braintrust/acme-prod/brainstore-reader');
  });

  test('the container logs through the awslogs driver to its role group, one stream per instance', () => {
    const scripts = scriptsOf(prod);
    const reader = scripts.get('acme-prod-brainstore-reader')!;
    assert.match(reader, /--log-driver awslogs/);
    assert.match(reader, /awslogs-group=\$\{aws_cloudwatch_log_group\.[A-Za-z0-9_]+\.name\}/);
    assert.match(reader, /awslogs-stream="\$INSTANCE_ID"/);
    assert.match(reader, /mode=non-blocking/);
  });

  test('the Brainstore role may create streams and put events in its log groups only', () => {
    const policies = resourcesOf(prod, 'aws_iam_role_policy').map(([, b]) => b);
    const brainstore = policies.find((p) => String(p.policy).includes('ShipLogs'));
    assert.ok(brainstore);
    const doc = JSON.parse(String(brainstore.policy)) as { Statement: { Sid: string; Action: string[]; Resource: string[] }[] };
    const ship = doc.Statement.find((s) => s.Sid === 'ShipLogs')!;
    assert.ok(ship.Action.includes('logs:CreateLogStream') && ship.Action.includes('logs:PutLogEvents'));
    assert.equal(ship.Resource.length, 2);
    for (const r of ship.Resource) assert.match(r, /^\$\{aws_cloudwatch_log_group\.[A-Za-z0-9_]+\.arn\}:\*$/);
  });

  test('testing (combined node) keeps the single brainstore log group name', () => {
    const staging = synth({ ...base, name: 'acme-staging', tier: 'testing', brainstore: { combined: { count: 1, instanceType: 'c8gd.xlarge' } } });
    const names = resourcesOf(staging, 'aws_cloudwatch_log_group').map(([, b]) => b.name);
    assert.ok(names.includes('/braintrust/acme-staging/brainstore'));
  });
});
