// What an upgrade changes in a synthesized deployment: settings naming the old or new release.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { artifactChanges, composeTree } from '../../src/upgrade/artifacts.js';
import { INSTANCE, snapshotCommand, snapshotName } from '../../src/upgrade/backup.js';
import { validateConfig } from '../../src/config/load.js';
import { exampleConfig } from '../../src/config/defaults.js';
import type { Cloud } from '../../src/config/schema.js';

const tf = (v: string) => ({
  resource: {
    aws_lambda_function: { api_handler: { s3_key: `lambda/APIHandler/version-${v}`, memory_size: 10240 } },
    aws_launch_template: { reader: { user_data: 'base64...' } },
    helm_release: { braintrust: { values: [`api:\n  image:\n    tag: ${v}\nbrainstore:\n  image:\n    tag: ${v}\n  replicas: 2\n`] } },
  },
  data: { http: { APIHandler_version: { url: `https://braintrust-assets-us-east-1.s3.us-east-1.amazonaws.com/lambda/APIHandler/version-${v}` } } },
});

describe('artifactChanges', () => {
  test('finds Lambda code keys, Helm image tags and pointer URLs that change, nothing else', () => {
    const changes = artifactChanges(tf('v2.11.0'), tf('v2.12.0'), ['v2.11.0', 'v2.12.0']);
    assert.deepEqual(changes.map((c) => c.address), [
      'aws_lambda_function.api_handler.s3_key',
      'data.http.APIHandler_version.url',
      'helm_release.braintrust.values[0].api.image.tag',
      'helm_release.braintrust.values[0].brainstore.image.tag',
    ]);
    assert.deepEqual(changes[0], { address: 'aws_lambda_function.api_handler.s3_key', before: 'lambda/APIHandler/version-v2.11.0', after: 'lambda/APIHandler/version-v2.12.0' });
  });

  test('no release change, no artifact change; a 10.2.12.0 address is not a release', () => {
    assert.deepEqual(artifactChanges(tf('v2.12.0'), tf('v2.12.0'), ['v2.12.0', 'v2.12.0']), []);
    assert.deepEqual(artifactChanges({ cidr: '10.2.12.0/24' }, { cidr: '10.2.12.0/24' }, ['v2.12.0']), []);
  });

  test('docker: compose images and .env', () => {
    const files = (v: string) => ({
      'docker-compose.yml': `services:\n  api:\n    image: public.ecr.aws/braintrust/standalone-api:${v}\n`,
      '.env': `ORG_NAME=acme\nBRAINTRUST_VERSION=${v}\n`,
    });
    const changes = artifactChanges(composeTree(files('v2.11.0')), composeTree(files('v2.12.0')), ['v2.11.0', 'v2.12.0']);
    assert.deepEqual(changes.map((c) => [c.address, c.after]), [
      ['.env.BRAINTRUST_VERSION', 'v2.12.0'],
      ['docker-compose.yml.services.api.image', 'public.ecr.aws/braintrust/standalone-api:v2.12.0'],
    ]);
  });
});

describe('snapshotCommand', () => {
  const now = new Date('2026-08-20T12:30:45Z');
  const cfg = (cloud: Cloud, extra: Record<string, unknown> = {}) =>
    validateConfig({ ...exampleConfig(cloud, 'production', { name: 'btdp', org: 'acme' }), ...extra });

  test('names are valid RDS/Azure identifiers', () => {
    assert.equal(snapshotName(cfg('aws'), '2.12.0', now), 'btdp-pre-v2-12-0-202608201230');
  });

  test('aws rds create-db-snapshot with the instance identifier, region and profile', () => {
    const c = snapshotCommand(cfg('aws', { region: 'us-east-1', account: { awsProfile: 'prod' } }), {}, 'v2.12.0', now)!;
    assert.equal(c.tool, 'aws');
    assert.deepEqual(c.args, ['rds', 'create-db-snapshot', '--db-instance-identifier', 'btdp-main', '--db-snapshot-identifier', 'btdp-pre-v2-12-0-202608201230', '--region', 'us-east-1', '--profile', 'prod', '--output', 'json']);
    assert.equal(snapshotCommand(cfg('aws'), { postgres_database_identifier: 'custom-db' }, 'v2.12.0', now)!.args[3], 'custom-db', 'the stack output wins');
  });

  test('the RDS identifier comes from the postgres_host output when there is one', () => {
    const c = snapshotCommand(cfg('aws'), { postgres_host: 'btdp-main.abc123.us-east-1.rds.amazonaws.com' }, 'v2.12.0', now)!;
    assert.equal(c.args[3], 'btdp-main');
  });

  test('gcloud sql backups create: the suffixed instance name is looked up by the deployment label', () => {
    const g = snapshotCommand(cfg('gcp'), { project_id: 'p1', postgres_host: '10.0.0.5' }, 'v2.12.0', now)!;
    assert.deepEqual(g.args.slice(0, 5), ['sql', 'backups', 'create', '--instance', INSTANCE]);
    assert.ok(g.args.includes('--project') && g.args.includes('p1'));
    assert.deepEqual(g.lookup, ['sql', 'instances', 'list', '--filter=settings.userLabels.braintrustdeploymentname=btdp', '--format=value(name)', '--project', 'p1']);
    const named = snapshotCommand(cfg('gcp'), { postgres_instance_name: 'btdp-pg-1a2b3c' }, 'v2.12.0', now)!;
    assert.equal(named.args[4], 'btdp-pg-1a2b3c');
    assert.equal(named.lookup, undefined);
  });

  test('az postgres flexible-server backup create with the server from the host and the resource group output; none for docker', () => {
    const a = snapshotCommand(cfg('azure'), { postgres_host: 'btdp-pg-1a2b3c.postgres.database.azure.com', resource_group: 'rg1' }, 'v2.12.0', now)!;
    assert.deepEqual(a.args.slice(0, 8), ['postgres', 'flexible-server', 'backup', 'create', '--resource-group', 'rg1', '--name', 'btdp-pg-1a2b3c']);
    assert.equal(snapshotCommand(cfg('docker'), {}, 'v2.12.0', now), undefined);
  });
});
