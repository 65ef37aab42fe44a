// docker parity: composeDocument() against test/parity/docker.yaml (the official compose file
// and the chart's default environment, with the deliberate differences).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema, type ConfigInput } from '../../src/config/schema.js';
import { composeDocument } from '../../stacks/docker/compose.js';
import { parityData, readmeSection } from '../helpers/parity.js';
import { DOCKER_TESTING } from '../helpers/stack-fixtures.js';

const INPUT: ConfigInput = DOCKER_TESTING;

const data = parityData('docker');
const doc = composeDocument(configSchema.parse(INPUT)) as any;

/** A service's environment with `${VAR}` references to .env resolved to the .env values. */
async function resolvedEnv(service: string): Promise<Record<string, string>> {
  const { composeApiEnvironment } = await import('../../stacks/docker/compose.js');
  const dotEnv = composeApiEnvironment(configSchema.parse(INPUT));
  return Object.fromEntries(
    Object.entries(doc.services[service].environment as Record<string, string>).map(([k, v]) => [k, v === `\${${k}}` && k in dotEnv ? dotEnv[k] : v]),
  );
}

describe('docker parity: compose', () => {
  it("runs Braintrust's Postgres image as the official compose does", () => {
    const pg = doc.services.postgres;
    assert.equal(pg.image, data.postgres.image);
    assert.deepEqual(pg.command, data.postgres.command);
    for (const [k, v] of Object.entries(data.postgres.environment)) assert.equal(pg.environment[k], v, k);
    assert.ok((pg.volumes as string[]).some((v) => v.endsWith(`:${data.postgres.dataPath}`)));
  });

  for (const service of ['api', 'brainstore']) {
    it(`gives ${service} the official and chart-default environment`, async () => {
      const env = await resolvedEnv(service);
      for (const [k, v] of Object.entries(data.environment[service] as Record<string, string | null>)) {
        assert.ok(k in env, `${service}: ${k} is set`);
        if (v !== null) assert.equal(env[k], v, `${service}: ${k}`);
      }
    });
  }
});

describe('docker parity: README', () => {
  it('lists every deliberate difference, with its reason, under "### docker"', () => {
    const section = readmeSection('### docker');
    assert.ok(section.length > 0, 'README has a ### docker section');
    for (const d of data.differences) {
      assert.ok(d.reason && d.official && d.ours, `${d.title}: official, ours and reason`);
      assert.ok(section.includes(d.title), `README ### docker mentions "${d.title}"`);
    }
  });
});
