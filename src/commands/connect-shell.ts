// braintrust connect shell SERVICE: an interactive shell on a Brainstore host (AWS: SSM
// session) or in a container (kubectl exec -it, docker compose exec). Audited like the other
// connect sessions; --max-duration closes it, and Ctrl-C belongs to the shell while it runs.
import type { Handler } from '../context.js';
import { parseDuration, runSession, type SessionRecord } from '../access/session.js';
import { runInteractive } from '../access/tools.js';
import { loadOperations, parseService, loadOpsDeployment } from '../ops/index.js';
import { requireOpsTool } from '../ops/tools.js';
import { usageError } from '../ui/errors.js';
import { childEnv, childKindOf } from '../access/child-env.js';
import type { ConnectShellOptions } from './connect-shell.spec.js';

export const run: Handler<ConnectShellOptions> = async (ctx, opts, args) => {
  const [service] = parseService(args[0], 'SERVICE', false);
  const maxDuration = opts.maxDuration;
  parseDuration(maxDuration);
  if (ctx.globals.json) throw usageError('--json does not apply to an interactive shell', 'Run without --json; for machine-readable state use braintrust status --json.');
  const deployment = await loadOpsDeployment(ctx);
  const ops = await loadOperations(ctx, deployment, 'needed for a shell on the deployment');
  if (ops.target === 'aws' && service !== 'api') await requireOpsTool('session-manager-plugin', ctx.env, 'the aws CLI needs it for SSM sessions');
  const record: SessionRecord = { target: `shell:${service}`, via: ops.target, access: 'write', session: 'interactive', secrets: [] };
  return runSession(ctx, { deployment, maxDuration, record }, async (signal, session) => {
    const shell = await ops.shell.resolve(service, opts.instance, signal);
    record.target = `shell:${service}/${shell.instance}`;
    record.via = shell.via;
    ctx.io.emit('connect.shell.opening', { instance: shell.instance, via: shell.via, maxDuration });
    const code = await session.handOverSigint(() => runInteractive(shell.file, shell.args, { env: shellEnv(shell.file, ctx.env), signal }));
    return code === 0 ? 0 : 1;
  });
};

/** aws and kubectl sessions get what they need, not the CLI's environment; docker compose keeps it. */
function shellEnv(file: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kind = childKindOf(file);
  return kind ? childEnv(kind, env) : env;
}
