// braintrust restart SERVICE: a rolling restart by the target's own mechanism (ASG instance
// refresh, ECS force new deployment, kubectl rollout restart, docker compose restart).
// Confirms first (or --yes) and appends one line to .braintrust/audit.jsonl.
import type { Handler } from '../context.js';
import { runSession } from '../access/session.js';
import { loadOperations, parseService, loadOpsDeployment } from '../ops/index.js';
import { interrupted } from '../ui/errors.js';

/** Upper bound for a restart and its wait (rollout status, ECS stable). */
const RESTART_LIMIT = '30m';

export const run: Handler = async (ctx, _opts, args) => {
  const [service] = parseService(args[0], 'SERVICE', false);
  const deployment = await loadOpsDeployment(ctx);
  const ops = await loadOperations(ctx, deployment, 'needed to restart the service');
  const plan = await ops.restarter.plan(service, ctx.signal);
  if (plan.noop) {
    ctx.io.emit('ops.restart.result', { service, restarted: false, reason: plan.noop });
    ctx.io.emit('ops.restart.noop', { service, reason: plan.noop });
    return 0;
  }
  if (!ctx.globals.yes) {
    const ok = await ctx.prompt.confirm({ message: `Restart ${service} on ${deployment.config?.name}: ${plan.description}?`, default: false, flag: '--yes' });
    if (!ok) throw interrupted('Restart not confirmed: nothing was restarted');
  }
  const message = await runSession(ctx, {
    deployment,
    maxDuration: RESTART_LIMIT,
    record: { target: `restart:${service}`, via: plan.via, access: 'write', session: 'one-shot', statement: `restart ${plan.targets.join(' ')}`, secrets: [] },
  }, (signal) => ops.restarter.restart(plan, signal, (line) => ctx.io.emit('ops.restart.progress', { line })));
  ctx.io.emit('ops.restart.result', { service, restarted: true, via: plan.via, targets: plan.targets, message });
  ctx.io.emit('ops.restart.done', { service, message });
  return 0;
};
