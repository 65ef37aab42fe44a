// AWS: SSM port forwarding through the deployment's bastion instance to a private host
// (AWS-StartPortForwardingSessionToRemoteHost). Needs the aws CLI and session-manager-plugin.
import { requireOutput, regionOf } from './deployment.js';
import { LOOPBACK, waitForPort } from './ports.js';
import { requireTool } from './tools.js';
import { spawnTunnelProcess } from './tunnel-process.js';
import type { Tunnel, TunnelOpenContext, TunnelTarget } from './tunnel.js';
import { configError } from '../ui/errors.js';

export function ssmArgs(p: { bastion: string; host: string; port: number; localPort: number; region: string; profile?: string }): string[] {
  return [
    'ssm', 'start-session',
    '--target', p.bastion,
    '--document-name', 'AWS-StartPortForwardingSessionToRemoteHost',
    '--parameters', `host=${p.host},portNumber=${p.port},localPortNumber=${p.localPort}`,
    '--region', p.region,
    ...(p.profile ? ['--profile', p.profile] : []),
  ];
}

export async function openSsmTunnel(target: TunnelTarget, ctx: TunnelOpenContext): Promise<Tunnel> {
  const d = ctx.deployment;
  const aws = await requireTool('aws', ctx.env, 'needed for the SSM tunnel to the private data stores');
  await requireTool('session-manager-plugin', ctx.env, 'the aws CLI needs it for port forwarding');
  const bastion = requireOutput(d, 'bastion_instance_id', 'for the SSM tunnel');
  const region = regionOf(d);
  if (!region) throw configError('No AWS region in outputs.json or the config', 'Set region in braintrust.yaml.');
  const args = ssmArgs({
    bastion, host: target.host, port: target.port, localPort: ctx.localPort, region, profile: d.config?.account?.awsProfile,
  });
  ctx.log?.(`Opening SSM tunnel to ${target.name} (${target.host}:${target.port}) via ${bastion} on ${LOOPBACK}:${ctx.localPort}`);
  const proc = spawnTunnelProcess(aws, args, { env: ctx.env, onLine: (l) => ctx.log?.(`[aws ssm] ${l}`) });
  try {
    await waitForPort(LOOPBACK, ctx.localPort, {
      timeoutMs: ctx.readyTimeoutMs,
      signal: ctx.signal,
      check: () => proc.assertRunning('aws ssm start-session'),
      what: `The SSM tunnel to ${target.name}`,
    });
  } catch (e) {
    await proc.stop();
    throw e;
  }
  return {
    via: 'ssm',
    host: LOOPBACK,
    port: ctx.localPort,
    target,
    pid: proc.pid,
    close: () => proc.stop(),
  };
}
