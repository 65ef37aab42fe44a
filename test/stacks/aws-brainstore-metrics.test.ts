// Brainstore host metrics on AWS (what `braintrust status` reads for memory and cache disk): the
// user data installs the CloudWatch agent from the regional bucket for the node's architecture,
// with a config publishing mem_used_percent and disk_used_percent (cache mount and root) in
// CWAgent, and a failed install never stops the boot; the role may put metrics in CWAgent only.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TerraformJson } from '../../stacks/synth.js';
import { BRAINSTORE_CACHE_DIR } from '../../stacks/aws/brainstore-user-data.js';
import { resourcesOf } from '../helpers/terraform-json.js';
import { awsProductionInput, synthAws } from '../parity/aws-fixtures.js';

const prod: TerraformJson = synthAws(awsProductionInput({ state: { backend: 'local' } })).json;

/** The reader's boot script as Terraform holds it (a local; "$${" is a literal "${"). */
function readerScript(): string {
  for (const [, body] of resourcesOf(prod, 'aws_launch_template')) {
    if (body.name !== 'acme-prod-brainstore-reader') continue;
    const m = /local\.([A-Za-z0-9_]+)/.exec(String(body.user_data));
    return String((prod.locals as Record<string, unknown>)[m![1]]);
  }
  throw new Error('no reader launch template');
}

/** What the node runs: Terraform's rendering of the escapes. */
const rendered = (s: string) => s.replaceAll('$${', '${');

const roots: string[] = [];
after(async () => { await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true }))); });

describe('AWS Brainstore host metrics (CloudWatch agent)', () => {
  const script = readerScript();

  test('installs the agent .deb from the regional bucket for the node architecture and starts it', () => {
    assert.ok(script.includes('https://amazoncloudwatch-agent-us-east-1.s3.us-east-1.amazonaws.com/ubuntu/$(dpkg --print-architecture)/latest/amazon-cloudwatch-agent.deb'), script);
    assert.match(script, /for attempt in 1 2 3 4 5; do curl -fsSL -o "\$deb" "\$url"/);
    assert.match(script, /dpkg -i -E "\$deb"/);
    assert.match(script, /amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s \\\n\s+-c file:\/opt\/aws\/amazon-cloudwatch-agent\/etc\/amazon-cloudwatch-agent\.json/);
    // After the cache volume is mounted, before the container starts.
    assert.ok(script.indexOf('install_cloudwatch_agent ||') > script.indexOf('mount -o noatime'));
    assert.ok(script.indexOf('install_cloudwatch_agent ||') < script.indexOf('docker run'));
  });

  test('the agent config publishes memory and disk use (cache mount and root) in CWAgent every minute', () => {
    const m = /<<'CWAGENT' \|\| return 1\n([\s\S]*?)\nCWAGENT\n/.exec(script);
    assert.ok(m, 'no agent config heredoc');
    // Terraform must not see the agent's own placeholders as interpolations.
    assert.ok(m[1].includes('"$${aws:InstanceId}"') && !/[^$]\$\{aws:/.test(m[1]));
    const config = JSON.parse(rendered(m[1]));
    assert.deepEqual(config.metrics.namespace, 'CWAgent');
    assert.deepEqual(config.metrics.append_dimensions, { AutoScalingGroupName: '${aws:AutoScalingGroupName}', InstanceId: '${aws:InstanceId}' });
    assert.deepEqual(Object.keys(config.metrics.metrics_collected).sort(), ['disk', 'mem']);
    const { mem, disk } = config.metrics.metrics_collected;
    assert.deepEqual(mem.measurement, ['mem_used_percent']);
    assert.deepEqual(disk.measurement, ['used_percent']);
    assert.deepEqual(disk.resources.sort(), ['/', BRAINSTORE_CACHE_DIR]);
    assert.equal(BRAINSTORE_CACHE_DIR, '/mnt/tmp/brainstore');
    assert.equal(disk.drop_device, true);
    assert.equal(mem.metrics_collection_interval, 60);
    assert.equal(disk.metrics_collection_interval, 60);
    assert.equal(config.logs, undefined);
  });

  test('a failed agent download is logged and the boot goes on', async () => {
    const start = script.indexOf('install_cloudwatch_agent() {');
    const end = script.indexOf('\n', script.indexOf('install_cloudwatch_agent ||'));
    const root = await mkdtemp(join(tmpdir(), 'bt-cwagent-'));
    roots.push(root);
    for (const [name, body] of [['curl', 'echo "curl: (22) 403" >&2; exit 22'], ['sleep', 'exit 0'], ['dpkg', 'echo arm64']]) {
      await writeFile(join(root, name), `#!/bin/sh\necho "${name} $*" >> "${root}/calls"\n${body}\n`);
      await chmod(join(root, name), 0o755);
    }
    const snippet = `set -euo pipefail\n${rendered(script.slice(start, end))}\necho booted-on\n`;
    const r = spawnSync('bash', ['-c', snippet], { env: { PATH: `${root}:/usr/bin:/bin` }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'booted-on');
    assert.match(r.stderr, /CloudWatch agent not installed/);
    const { readFileSync } = await import('node:fs');
    const calls = readFileSync(join(root, 'calls'), 'utf8').trim().split('\n');
    assert.equal(calls.filter((c) => c.startsWith('curl ')).length, 5);
    assert.ok(calls.some((c) => c.includes('/ubuntu/arm64/latest/amazon-cloudwatch-agent.deb')));
    assert.ok(!calls.some((c) => c.startsWith('dpkg -i')));
  });

  test('the boot script parses (bash -n)', () => {
    const r = spawnSync('bash', ['-n'], { input: rendered(script), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  test('the Brainstore role may put metrics in the CWAgent namespace only', () => {
    const policy = resourcesOf(prod, 'aws_iam_role_policy').map(([, b]) => b).find((p) => String(p.policy).includes('ShipLogs'));
    assert.ok(policy);
    const doc = JSON.parse(String(policy.policy)) as { Statement: { Action: string | string[]; Resource: unknown; Condition?: unknown }[] };
    const puts = doc.Statement.filter((s) => [s.Action].flat().includes('cloudwatch:PutMetricData'));
    assert.equal(puts.length, 1);
    assert.deepEqual([puts[0].Action].flat(), ['cloudwatch:PutMetricData']);
    assert.deepEqual(puts[0].Condition, { StringEquals: { 'cloudwatch:namespace': 'CWAgent' } });
  });
});
