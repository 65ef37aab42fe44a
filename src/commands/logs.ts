// braintrust logs: the API's and Brainstore's log lines, merged in time order across services
// and instances, from the target's own log store (CloudWatch, kubectl logs, docker compose
// logs). Every line passes through the support bundle's redaction before it is shown.
import type { Handler } from '../context.js';
import { knownSecrets } from '../access/redact.js';
import { loadOperations, parseService, loadOpsDeployment } from '../ops/index.js';
import { mergeLines, parseSince, prepareLine, type LineFilter } from '../ops/lines.js';
import type { LogLine, LogQuery } from '../ops/types.js';
import { usageError } from '../ui/errors.js';
import type { LogsOptions } from './logs.spec.js';

/** Without --since: the last hour, or the last 10 minutes before following. */
export const DEFAULT_SINCE = '1h';
export const DEFAULT_FOLLOW_SINCE = '10m';

export const run: Handler<LogsOptions> = async (ctx, opts) => {
  const services = parseService(opts.service, '--service', true);
  const sinceText = opts.since ?? (opts.follow ? DEFAULT_FOLLOW_SINCE : DEFAULT_SINCE);
  const since = parseSince(sinceText, ctx.clock());
  if (opts.grep !== undefined && !opts.grep.trim()) throw usageError('--grep is empty', 'Pass the text to look for, e.g. --grep ERROR.');
  const deployment = await loadOpsDeployment(ctx);
  const ops = await loadOperations(ctx, deployment, 'needed to read the deployment logs');
  const license = deployment.config?.secrets.brainstoreLicenseKey;
  const filter: LineFilter = {
    since,
    grep: opts.grep,
    secrets: knownSecrets(ctx.env, [license && 'env' in license ? license.env : undefined]),
  };
  const query: LogQuery = { services, since, grep: opts.grep, signal: ctx.signal, warn: (warning) => ctx.io.emit('ops.logs.source-warning', warning) };

  if (!opts.follow) {
    const lines = mergeLines(await ops.logs.fetch(query)).map((l) => prepareLine(l, filter)).filter((l): l is LogLine => l !== undefined);
    ctx.io.emit('ops.logs.lines', { target: ops.target, services, since, lines });
    if (!lines.length) ctx.io.emit('ops.logs.none', { services, since, grep: opts.grep });
    return 0;
  }

  ctx.io.emit('ops.logs.following', { services, since });
  const emit = (line: LogLine) => {
    const shown = prepareLine(line, filter);
    if (!shown) return;
    ctx.io.emit('ops.logs.line', shown);
  };
  try {
    await ops.logs.follow(query, emit);
  } catch (e) {
    if (!ctx.signal.aborted) throw e;
  }
  // Following ends with Ctrl-C (or SIGTERM): that is the normal end, not a failure.
  ctx.io.emit('ops.logs.stopped');
  return 0;
};
