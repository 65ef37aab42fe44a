// openTunnel: a local 127.0.0.1 endpoint for a data store in the deployment's private subnets,
// through the cloud's own tunnel. Every tunnel is ready-checked before it is returned and must
// be closed (withTunnel does it on every path).
//
// Which tunnel per cloud, and why:
// - AWS: SSM port forwarding through the deployment's bastion instance. IAM-authenticated,
//   audited in CloudTrail, needs no open inbound port.
// - GCP and Azure: `kubectl port-forward` to a short-lived socat pod in the deployment's own
//   GKE/AKS cluster. The cluster already reaches Cloud SQL/Memorystore and Azure Postgres/
//   Redis on their private addresses, and operators already need kubectl for it. IAP TCP
//   forwarding and `az network bastion tunnel` only reach VMs (a bastion VM the deployment does
//   not create; Azure Bastion needs the Standard SKU), not private PaaS endpoints.
// - direct: no process, for endpoints the caller can already reach (VPN, peering, local).
import type { Deployment } from './installed-deployment.js';
import { LOOPBACK, waitForPort } from './ports.js';
import { openSsmTunnel } from './tunnel-ssm.js';
import { openKubectlTunnel } from './tunnel-kubectl.js';
import { usageError } from '../ui/errors.js';

export type TunnelVia = 'direct' | 'ssm' | 'kubectl';
export type ViaChoice = 'auto' | 'direct';

export interface TunnelTarget {
  /** What is behind it, for messages: postgres, redis. */
  name: string;
  host: string;
  port: number;
}

export interface Tunnel {
  via: TunnelVia;
  /** Where clients connect: 127.0.0.1 and a local port (or the target itself for direct). */
  host: string;
  port: number;
  target: TunnelTarget;
  /** The tunnel process (ssm session, port-forward), when there is one. */
  pid?: number;
  close(): Promise<void>;
}

export interface OpenTunnelOptions {
  deployment: Deployment;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  via: ViaChoice;
  /** How long to wait for the tunnel to accept connections (default 60 s). */
  readyTimeoutMs?: number;
  /** Upper bound for the session: cloud-side resources (the forward pod) expire after it. */
  maxDurationMs?: number;
  log?: (line: string) => void;
}

/** Context the per-cloud openers get. The tunnel process picks its local port itself. */
export interface TunnelOpenContext extends OpenTunnelOptions {
  readyTimeoutMs: number;
}

export function chooseVia(d: Deployment, via: ViaChoice): TunnelVia {
  if (via === 'direct') return 'direct';
  switch (d.cloud) {
    case 'aws': return 'ssm';
    case 'gcp':
    case 'azure': return 'kubectl';
    case 'docker': return 'direct';
    default:
      throw usageError(
        'No deployment config found, so the tunnel type is unknown',
        'Pass --config <path> to your braintrust.yaml, or connect to a reachable endpoint with --via direct --host H --port P.',
      );
  }
}

export async function openTunnel(target: TunnelTarget, opts: OpenTunnelOptions): Promise<Tunnel> {
  const via = chooseVia(opts.deployment, opts.via);
  const readyTimeoutMs = opts.readyTimeoutMs ?? 60_000;
  if (via === 'direct') {
    // Nothing to start, but fail early and clearly when the endpoint is unreachable.
    await waitForPort(target.host, target.port, {
      timeoutMs: Math.min(readyTimeoutMs, 5_000),
      signal: opts.signal,
      what: `${target.name} at ${target.host}:${target.port}`,
    });
    return { via, host: target.host, port: target.port, target, close: async () => {} };
  }
  const ctx: TunnelOpenContext = { ...opts, readyTimeoutMs };
  return via === 'ssm' ? openSsmTunnel(target, ctx) : openKubectlTunnel(target, ctx);
}

/** Open a tunnel, run fn on it, and close it on every path (return, throw, abort). */
export async function withTunnel<T>(target: TunnelTarget, opts: OpenTunnelOptions, fn: (t: Tunnel) => Promise<T>): Promise<T> {
  const tunnel = await openTunnel(target, opts);
  try {
    return await fn(tunnel);
  } finally {
    await tunnel.close();
  }
}

export { LOOPBACK };
