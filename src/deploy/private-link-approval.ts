// Azure public ingress: Front Door reaches the API through the Private Link Service AKS creates
// for the API Service, and that connection must be approved by the service's owner. The official
// module leaves this to the portal (README step 8); `install` does it as the phase after the Helm
// release (src/deploy/install-phases.ts), with the az CLI:
//   az network private-endpoint-connection list --id <private link service id>
//   az network private-endpoint-connection approve --id <connection id> --description ...
// Only pending connections that carry this deployment's Front Door request message are approved,
// with the same text as the approval's description (the state keeps one description), so a
// re-run recognises the approved connection and does nothing.
import type { Ctx } from '../context.js';
import type { Config } from '../config/schema.js';
import { frontDoorPrivateLinkMessage } from '../config/ingress-schema.js';
import { findExecutable, runTool } from '../access/tools.js';
import { operationFailed } from '../ui/errors.js';

interface Connection {
  id: string;
  status: string;
  description: string;
}

/** One entry of `az network private-endpoint-connection list` (properties nested or flattened). */
function toConnection(raw: unknown): Connection | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- az CLI JSON in two shapes, read field by field
  const r = raw as Record<string, any>;
  const state = r.properties?.privateLinkServiceConnectionState ?? r.privateLinkServiceConnectionState ?? {};
  if (typeof r.id !== 'string') return undefined;
  return { id: r.id, status: String(state.status ?? ''), description: String(state.description ?? '') };
}

export interface ApprovalOptions {
  /** How many times to list before giving up on Front Door's connection appearing (default 30). */
  attempts?: number;
  /** Wait between lists (default 10 s): Front Door requests the connection shortly after the origin exists. */
  intervalMs?: number;
  /** A failure's fix says `braintrust install` continues with this step (a phase); default true. */
  resumable?: boolean;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
  });
}

/** Approve Front Door's pending Private Link connection. No az: say what to run and carry on. */
export async function approveFrontDoorPrivateLink(ctx: Ctx, config: Config, outputs: Record<string, unknown>, opts: ApprovalOptions = {}): Promise<void> {
  const pls = typeof outputs.private_link_service_id === 'string' ? outputs.private_link_service_id : '';
  if (config.cloud !== 'azure' || !pls) return;
  const message = frontDoorPrivateLinkMessage(config.name);
  const listArgs = ['network', 'private-endpoint-connection', 'list', '--id', pls, '--output', 'json'];
  const manual = `az network private-endpoint-connection list --id ${pls} --output table, then for Front Door's pending connection: az network private-endpoint-connection approve --id <connection id> --description "${message}"`;
  const az = await findExecutable('az', ctx.env);
  if (!az) {
    ctx.io.emit('install.private-link-manual', { command: manual });
    return;
  }
  const failed = (reason: string) =>
    operationFailed(
      `Approving Front Door's Private Link connection failed: ${reason}`,
      `Check that you are logged in to az (az login) with rights on ${pls} (Network Contributor), or approve it yourself: ${manual}.${opts.resumable === false ? '' : ' Then run `braintrust install` again: it continues with this step.'}`,
    );
  const spinner = await ctx.io.spinner("Approving Front Door's Private Link connection to the API");
  const attempts = opts.attempts ?? 30;
  for (let attempt = 1; ; attempt++) {
    const r = await runTool(az, listArgs, { env: ctx.env, signal: ctx.signal, timeoutMs: 120_000 }).catch((e: Error) => ({ exitCode: 1, stdout: '', stderr: e.message }));
    if (r.exitCode !== 0) {
      const reason = r.stderr.trim().split('\n')[0] || `exit ${r.exitCode}`;
      spinner.fail(`Listing the Private Link connections failed (${reason})`);
      throw failed(reason);
    }
    let listed: unknown;
    try {
      listed = JSON.parse(r.stdout || '[]');
    } catch {
      spinner.fail('Could not read the Private Link connections');
      throw failed('az printed something that is not JSON');
    }
    const ours = (Array.isArray(listed) ? listed : []).map(toConnection).filter((c): c is Connection => !!c && c.description === message);
    const pending = ours.filter((c) => c.status === 'Pending');
    for (const c of pending) {
      const a = await runTool(az, ['network', 'private-endpoint-connection', 'approve', '--id', c.id, '--description', message, '--output', 'json'], { env: ctx.env, signal: ctx.signal, timeoutMs: 300_000 }).catch((e: Error) => ({ exitCode: 1, stdout: '', stderr: e.message }));
      if (a.exitCode !== 0) {
        const reason = a.stderr.trim().split('\n')[0] || `exit ${a.exitCode}`;
        spinner.fail(`Approving the Private Link connection failed (${reason})`);
        throw failed(reason);
      }
    }
    if (pending.length) {
      spinner.succeed(`Approved Front Door's Private Link connection (${pending.length})`);
      return;
    }
    if (ours.some((c) => c.status === 'Approved')) {
      spinner.succeed("Front Door's Private Link connection is already approved");
      return;
    }
    const refused = ours.find((c) => c.status === 'Rejected' || c.status === 'Disconnected');
    if (refused) {
      spinner.fail(`Front Door's Private Link connection is ${refused.status}`);
      throw operationFailed(
        `Front Door's Private Link connection to ${pls} is ${refused.status}: Front Door cannot reach the API`,
        `Delete it (az network private-endpoint-connection delete --id ${refused.id}), then let Front Door request a new one: terraform -chdir=<out>/stacks/${config.name} apply -replace=<the azurerm_cdn_frontdoor_origin address>, and run \`braintrust install\` again.`,
      );
    }
    if (attempt >= attempts) {
      spinner.fail("Front Door's Private Link connection did not appear");
      throw failed(`no connection from Front Door (request message "${message}") on ${pls} after ${attempts} checks`);
    }
    spinner.update(`Waiting for Front Door to request its Private Link connection (check ${attempt}/${attempts})`);
    await sleep(opts.intervalMs ?? 10_000, ctx.signal);
  }
}
