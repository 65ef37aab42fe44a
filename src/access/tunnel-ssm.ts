// AWS: SSM port forwarding through the deployment's bastion instance to a private host
// (AWS-StartPortForwardingSessionToRemoteHost). Needs the aws CLI and session-manager-plugin.
import { requireOutput, regionOf } from './installed-deployment.js';
import { LOOPBACK, waitForPort } from './ports.js';
import { requireTool } from './tools.js';
import { spawnTunnelProcess } from './tunnel-process.js';
import { SSM_PORT_LINE, reportedPort, verifyListenerOwner } from './tunnel-port.js';
import { childEnv } from './child-env.js';
import type { Tunnel, TunnelOpenContext, TunnelTarget } from './tunnel.js';
import { configError } from '../ui/errors.js';

/**
 * No localPortNumber: the plugin binds a port the OS picks and prints "Port N opened for
 * sessionId ..." (a port we chose and released could be taken by another local process first).
 */
export function ssmArgs(p: { bastion: string; host: string; port: number; region: string; profile?: string }): string[] {
  return [
    'ssm', 'start-session',
    '--target', p.bastion,
    '--document-name', 'AWS-StartPortForwardingSessionToRemoteHost',
    '--parameters', `host=${p.host},portNumber=${p.port}`,
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
    bastion, host: target.host, port: target.port, region, profile: d.config?.account?.awsProfile,
  });
  ctx.log?.(`Opening SSM tunnel to ${target.name} (${target.host}:${target.port}) via ${bastion}`);
  const reported = reportedPort(SSM_PORT_LINE);
  // The plugin listens on "localhost" unless told otherwise: make it the IPv4 loopback we connect to.
  const env = { ...childEnv('aws', ctx.env), SSM_PLUGIN_LOCAL_HOST: LOOPBACK };
  const proc = spawnTunnelProcess(aws, args, { env, onLine: (l) => { reported.onLine(l); ctx.log?.(`[aws ssm] ${l}`); } });
  let localPort: number;
  try {
    const what = 'aws ssm start-session';
    localPort = await reported.wait(proc, { timeoutMs: ctx.readyTimeoutMs, signal: ctx.signal, what });
    await waitForPort(LOOPBACK, localPort, {
      timeoutMs: ctx.readyTimeoutMs,
      signal: ctx.signal,
      check: () => proc.assertRunning(what),
      what: `The SSM tunnel to ${target.name}`,
    });
    if (!(await verifyListenerOwner(localPort, proc.pid, what))) ctx.log?.(`cannot verify the owner of ${LOOPBACK}:${localPort} on ${process.platform}`);
  } catch (e) {
    await proc.stop();
    throw e;
  }
  return {
    via: 'ssm',
    host: LOOPBACK,
    port: localPort,
    target,
    pid: proc.pid,
    close: () => proc.stop(),
  };
}
