// The ECS readiness verdict from describe-services and describe-target-health output (pure).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateEcsHealth, ecsTargets } from '../../src/upgrade/api-runtime-health.js';
import { validateConfig } from '../../src/config/load.js';
import { exampleConfig } from '../../src/config/defaults.js';

const t = {
  cluster: 'acme',
  services: { api: 'acme-braintrust-api', ingest: 'acme-braintrust-api-ingest', background: 'acme-braintrust-api-background' },
  targetGroups: { api: 'tg-api', ingest: 'tg-ingest', background: 'tg-bg' },
};
const svc = (serviceName: string, over: Record<string, unknown> = {}) => ({
  serviceName, status: 'ACTIVE', desiredCount: 2, runningCount: 2,
  deployments: [{ status: 'PRIMARY', rolloutState: 'COMPLETED', desiredCount: 2, runningCount: 2 }], ...over,
});
const targets = (...states: string[]) => ({ TargetHealthDescriptions: states.map((State, i) => ({ Target: { Id: `10.0.0.${i}` }, TargetHealth: { State } })) });
const allHealthy = { api: targets('healthy', 'healthy'), ingest: targets('healthy'), background: targets('healthy', 'draining') };

describe('ECS readiness', () => {
  test('ready when every service rolled out, runs its desired tasks and has only healthy (or draining) targets', () => {
    const r = evaluateEcsHealth(t, { services: Object.values(t.services).map((n) => svc(n)) }, allHealthy);
    assert.equal(r.healthy, true);
    assert.equal(r.lines.length, 3);
  });

  test('a rollout in progress, a second deployment, missing tasks or unhealthy targets are each named', () => {
    const r = evaluateEcsHealth(t, {
      services: [
        svc(t.services.api, { deployments: [{ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' }, { status: 'ACTIVE', rolloutState: 'COMPLETED' }] }),
        svc(t.services.ingest, { runningCount: 1 }),
      ],
    }, { ...allHealthy, ingest: targets('healthy', 'unhealthy') });
    assert.equal(r.healthy, false);
    assert.match(r.lines[0], /rollout IN_PROGRESS; 1 older deployment/);
    assert.match(r.lines[1], /1\/2 tasks running; ALB targets not healthy: unhealthy/);
    assert.match(r.lines[2], /background: not found/);
  });

  test('the targets come from the stack outputs; missing outputs are a prerequisite error (exit 3)', () => {
    const config = validateConfig(exampleConfig('aws', 'testing', { name: 'acme', org: 'acme' }));
    assert.deepEqual(ecsTargets(config, { api_ecs_cluster: 'acme', api_ecs_services: t.services, api_ecs_target_groups: t.targetGroups }), t);
    assert.throws(() => ecsTargets(config, { api_ecs_cluster: 'acme' }), (e: any) => e.exitCode === 3 && /api_ecs_services/.test(e.message));
  });
});
