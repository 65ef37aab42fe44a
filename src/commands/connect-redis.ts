// braintrust connect redis: one --command with ioredis, or an interactive prompt, through the
// cloud tunnel. Read-only sessions refuse every command outside the read-only allow-list.
import type { Handler } from '../context.js';
import { loadDeployment } from '../access/installed-deployment.js';
import { redisTls, resolveRedisEndpoint } from '../access/endpoints.js';
import { redactRedisCommand } from '../access/redact.js';
import { assertRedisCommandAllowed, connectRedis, redisCliInvocation, runRedisCommand, type RedisEndpoint } from '../access/redis.js';
import { isReadOnlyRedisCommand, parseRedisCommandLine } from '../access/redis-commands.js';
import { runReadOnlyRedisRepl } from '../access/redis-repl.js';
import { confirmWrite, parseDuration, runSession, type SessionRecord } from '../access/session.js';
import { requireTool, runInteractive } from '../access/tools.js';
import { chooseVia, withTunnel } from '../access/tunnel.js';
import { usageError } from '../ui/errors.js';
import { childEnv } from '../access/child-env.js';
import type { ConnectRedisOptions } from './connect-redis.spec.js';

export const run: Handler<ConnectRedisOptions> = async (ctx, opts) => {
  const via = opts.via;
  const maxDuration = opts.maxDuration;
  const maxDurationMs = parseDuration(maxDuration);
  const argv = opts.command === undefined ? undefined : parseRedisCommandLine(opts.command);
  if (argv && argv.length === 0) throw usageError('--command is empty', 'Pass a command, e.g. --command "INFO memory".');
  if (!argv && ctx.globals.json) throw usageError('--json needs --command (an interactive session prints no JSON)', 'Add --command "INFO".');
  // A write command without --write is refused before anything else is needed (outputs, a
  // tunnel, credentials): the answer does not depend on the deployment.
  const refused = argv !== undefined && !opts.write && !isReadOnlyRedisCommand(argv);
  const deployment = await loadDeployment(ctx, { required: via !== 'direct' && !refused });
  const record: SessionRecord = {
    target: 'redis',
    via: 'none',
    access: opts.write ? 'write' : 'read',
    session: argv ? 'one-shot' : 'interactive',
    statement: argv ? redactRedisCommand(argv) : undefined,
    secrets: [],
  };
  // Interactive write sessions use redis-cli; read-only ones the built-in filtered prompt.
  const redisCli = !argv && opts.write ? await requireTool('redis-cli', ctx.env, 'for an interactive write session') : undefined;
  if (refused) {
    // Refuse before any tunnel is opened, but still leave a trace in the audit log.
    await runSession(ctx, { deployment, maxDuration, record }, async () => assertRedisCommandAllowed(argv, false));
  }
  const tunnelVia = chooseVia(deployment, via);
  record.via = tunnelVia;
  if (opts.write) await confirmWrite(ctx, `Redis (${deployment.config?.name ?? 'direct'})`);

  return runSession(ctx, { deployment, maxDuration, record }, async (signal, session) => {
    const resolved = await resolveRedisEndpoint(deployment, tunnelVia, opts, ctx.env, signal);
    record.secrets.push(resolved.credentials.password);
    const tunnelOpts = { deployment, env: ctx.env, signal, via, maxDurationMs, log: (line: string) => ctx.io.emit('connect.tunnel-log', { line }) };
    return withTunnel(resolved.target, tunnelOpts, async (tunnel) => {
      const ep: RedisEndpoint = {
        host: tunnel.host,
        port: tunnel.port,
        username: resolved.credentials.username,
        password: resolved.credentials.password,
        tls: redisTls(deployment, opts.tls, resolved.urlTls),
        serverName: resolved.target.host,
      };
      if (argv) {
        const reply = await runRedisCommand(ep, argv, { write: Boolean(opts.write), signal });
        ctx.io.emit('connect.redis.reply', { reply });
        return 0;
      }
      ctx.io.emit('connect.connected', { store: 'redis', host: resolved.target.host, port: resolved.target.port, via: tunnel.via, write: Boolean(opts.write), maxDuration });
      if (redisCli) {
        const inv = redisCliInvocation(ep, childEnv('redis-cli', ctx.env));
        return (await session.handOverSigint(() => runInteractive(redisCli, inv.args, { env: inv.env, signal }))) === 0 ? 0 : 1;
      }
      ctx.io.emit('connect.redis.read-only-prompt');
      const client = await connectRedis(ep, signal);
      try {
        await runReadOnlyRedisRepl({ client, input: process.stdin, output: process.stdout, prompt: 'redis (read-only)> ', signal });
      } finally {
        client.disconnect();
      }
      return 0;
    });
  });
};
