// GCP and Azure: a short-lived socat pod in the deployment's cluster forwards to the private
// data store, and `kubectl port-forward` brings it to 127.0.0.1. The pod carries an
// activeDeadlineSeconds so the cluster removes it even if we are killed before deleting it.
import { randomBytes } from 'node:crypto';
import { LOOPBACK, waitForPort } from './ports.js';
import { requireTool, runTool } from './tools.js';
import { spawnTunnelProcess, type TunnelProcess } from './tunnel-process.js';
import { KUBECTL_PORT_LINE, reportedPort, verifyListenerOwner } from './tunnel-port.js';
import { childEnv } from './child-env.js';
import type { Tunnel, TunnelOpenContext, TunnelTarget } from './tunnel.js';
import { operationFailed } from '../ui/errors.js';

/** Override for clusters that cannot pull from Docker Hub (mirror it to a private registry). */
export const FORWARD_IMAGE_ENV = 'BRAINTRUST_FORWARD_IMAGE';
const DEFAULT_IMAGE = 'alpine/socat:1.8.0.3';

export function kubectlBaseArgs(outputs: Record<string, string>): string[] {
  return [...(outputs.kube_context ? ['--context', outputs.kube_context] : []), '-n', outputs.namespace || 'default'];
}

export function forwardPodArgs(p: { name: string; image: string; host: string; port: number; deadlineSeconds: number }): string[] {
  const overrides = { apiVersion: 'v1', spec: { activeDeadlineSeconds: p.deadlineSeconds } };
  return [
    'run', p.name,
    `--image=${p.image}`,
    '--restart=Never',
    '--labels=app.kubernetes.io/managed-by=braintrust-connect',
    `--overrides=${JSON.stringify(overrides)}`,
    '--',
    `tcp-listen:${p.port},fork,reuseaddr`,
    `tcp-connect:${p.host}:${p.port}`,
  ];
}

export async function openKubectlTunnel(target: TunnelTarget, ctx: TunnelOpenContext): Promise<Tunnel> {
  const kubectl = await requireTool('kubectl', ctx.env, 'needed to forward a port through the deployment cluster');
  const base = kubectlBaseArgs(ctx.deployment.outputs);
  const env = childEnv('kubectl', ctx.env);
  const pod = `bt-forward-${randomBytes(4).toString('hex')}`;
  const run = (args: string[], timeoutMs = 120_000) => runTool(kubectl, [...base, ...args], { env, signal: ctx.signal, timeoutMs });
  const fail = (step: string, stderr: string) =>
    operationFailed(`kubectl ${step} failed for the ${target.name} forward pod ${pod}`,
      'Check that your kube context reaches the deployment cluster (kubectl get pods -n <namespace>).',
      stderr.trim().split('\n').slice(-8), 'TUNNEL_FAILED');

  const deadlineSeconds = Math.ceil((ctx.maxDurationMs ?? 3_600_000) / 1000) + 300;
  ctx.log?.(`Starting forward pod ${pod} to ${target.host}:${target.port}`);
  let proc: TunnelProcess | undefined;
  let podCreated = false;
  let localPort: number;
  const cleanup = async () => {
    await proc?.stop();
    if (podCreated) {
      // Deliberately not tied to the (maybe aborted) session signal: the pod must go.
      await runTool(kubectl, [...base, 'delete', 'pod', pod, '--ignore-not-found', '--wait=false'], { env, timeoutMs: 30_000 })
        .catch((e: Error) => ctx.log?.(`could not delete pod ${pod}: ${e.message}`));
    }
  };
  try {
    const image = ctx.env[FORWARD_IMAGE_ENV] || DEFAULT_IMAGE;
    const created = await run(forwardPodArgs({ name: pod, image, host: target.host, port: target.port, deadlineSeconds }));
    if (created.exitCode !== 0) throw fail('run', created.stderr);
    podCreated = true;
    const waitSecs = Math.max(1, Math.round(ctx.readyTimeoutMs / 1000));
    const ready = await run(['wait', '--for=condition=Ready', `pod/${pod}`, `--timeout=${waitSecs}s`], ctx.readyTimeoutMs + 10_000);
    if (ready.exitCode !== 0) throw fail('wait', ready.stderr);
    // ":PORT": kubectl binds a local port the OS picks and prints "Forwarding from 127.0.0.1:N".
    const reported = reportedPort(KUBECTL_PORT_LINE);
    proc = spawnTunnelProcess(kubectl, [...base, 'port-forward', '--address', LOOPBACK, `pod/${pod}`, `:${target.port}`], {
      env,
      onLine: (l) => { reported.onLine(l); ctx.log?.(`[kubectl] ${l}`); },
    });
    const running = proc;
    const what = 'kubectl port-forward';
    localPort = await reported.wait(running, { timeoutMs: ctx.readyTimeoutMs, signal: ctx.signal, what });
    await waitForPort(LOOPBACK, localPort, {
      timeoutMs: ctx.readyTimeoutMs,
      signal: ctx.signal,
      check: () => running.assertRunning(what),
      what: `The port-forward to ${target.name}`,
    });
    if (!(await verifyListenerOwner(localPort, running.pid, what))) ctx.log?.(`cannot verify the owner of ${LOOPBACK}:${localPort} on ${process.platform}`);
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { via: 'kubectl', host: LOOPBACK, port: localPort, target, pid: proc.pid, close: cleanup };
}
