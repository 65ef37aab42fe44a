// The AWS stack's deployment blockers (issue: a stack that works on a real account): the AI
// proxy's function URL must be invokable, and every instance must boot an image of its own CPU
// architecture.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { TerraformJson } from '../../stacks/synth.js';
import { instanceArch } from '../../stacks/aws/ami.js';
import { assertReferencesResolve } from '../helpers/terraform-json.js';
import { awsProductionInput, awsTestingInput, res, synthAws, type Body } from '../parity/aws-fixtures.js';

const prod = synthAws(awsProductionInput());
const staging = synthAws(awsTestingInput());

/** The data.aws_ami an image_id/ami attribute points at. */
function amiOf(json: TerraformJson, ref: string): Body {
  const m = /^\$\{data\.aws_ami\.([A-Za-z0-9_]+)\.id\}$/.exec(ref);
  assert.ok(m, `expected a data.aws_ami reference, got ${ref}`);
  return (json.data!.aws_ami as Record<string, Body>)[m[1]];
}

function filterValue(ami: Body, name: string): string[] {
  return (ami.filter as { name: string; values: string[] }[]).find((f) => f.name === name)?.values ?? [];
}

describe('AWS blocker: AI proxy function URL permissions', () => {
  for (const [tier, { json }] of [['production', prod], ['testing', staging]] as const) {
    test(`${tier}: InvokeFunctionUrl and InvokeFunction (invoked_via_function_url) on the live alias`, () => {
      const perms = res(json, 'aws_lambda_permission').map(([, b]) => b).filter((b) => String(b.function_name).includes('aws_lambda_function.api_ai_proxy'));
      const url = perms.find((p) => p.action === 'lambda:InvokeFunctionUrl');
      const invoke = perms.find((p) => p.action === 'lambda:InvokeFunction');
      assert.ok(url, 'lambda:InvokeFunctionUrl permission');
      assert.equal(url.function_url_auth_type, 'NONE');
      assert.ok(invoke, 'lambda:InvokeFunction permission for calls through the function URL');
      assert.equal(invoke.invoked_via_function_url, true);
      assert.equal(invoke.principal, '*');
      for (const p of [url, invoke]) assert.match(String(p.qualifier), /aws_lambda_alias\.api_ai_proxy_live/);
    });

    test(`${tier}: the AWS provider constraint allows invoked_via_function_url (>= 6.29.0)`, () => {
      const aws = (json.terraform as Body).required_providers.aws;
      assert.equal(aws.version, '>= 6.29.0');
    });
  }
});

describe('AWS blocker: image per instance architecture', () => {
  test('the catalog decides the architecture; unlisted Graviton names are recognised', () => {
    assert.equal(instanceArch('c8gd.4xlarge'), 'arm64');
    assert.equal(instanceArch('i4i.4xlarge'), 'x86_64');
    assert.equal(instanceArch('t4g.small'), 'arm64');
    assert.equal(instanceArch('m5.large'), 'x86_64');
  });

  test('i4i.4xlarge readers boot the amd64 image; Graviton writers and the bastion the arm64 one', () => {
    const { json } = synthAws(
      awsProductionInput({
        brainstore: { readers: { count: 2, instanceType: 'i4i.4xlarge' }, writers: { count: 1, instanceType: 'c8gd.8xlarge' } },
      } as never),
    );
    assertReferencesResolve(json);
    const templates = Object.fromEntries(res(json, 'aws_launch_template').map(([, b]) => [b.instance_type as string, b]));
    const reader = amiOf(json, templates['i4i.4xlarge'].image_id);
    assert.deepEqual(filterValue(reader, 'architecture'), ['x86_64']);
    assert.match(filterValue(reader, 'name')[0], /ubuntu-noble-24\.04-amd64-server-/);
    const writer = amiOf(json, templates['c8gd.8xlarge'].image_id);
    assert.deepEqual(filterValue(writer, 'architecture'), ['arm64']);
    assert.match(filterValue(writer, 'name')[0], /-arm64-server-/);
    const bastion = res(json, 'aws_instance').map(([, b]) => b)[0];
    assert.deepEqual(filterValue(amiOf(json, bastion.ami), 'architecture'), ['arm64']);
  });

  test('an x86 combined node (testing) boots the amd64 image', () => {
    const { json } = synthAws(awsTestingInput({ brainstore: { combined: { count: 1, instanceType: 'i4i.xlarge' } } } as never));
    const [[, template]] = res(json, 'aws_launch_template');
    assert.deepEqual(filterValue(amiOf(json, template.image_id), 'architecture'), ['x86_64']);
  });

  test('an all-Graviton deployment looks up only the arm64 image', () => {
    assert.deepEqual(Object.keys(prod.json.data!.aws_ami), ['ubuntu_arm64']);
  });
});
