// cloud-cli: the command-line tools the deployment's cloud needs for tunnels, secrets and
// credentials: aws + session-manager-plugin (SSM port forwarding), gcloud + kubectl +
// gke-gcloud-auth-plugin (GKE), az + kubectl (AKS), docker for docker deployments.
import type { Cloud } from '../../config/schema.js';
import type { ToolName } from '../../access/tools.js';
import { fail, needConfig, pass, type DoctorCheck } from '../types.js';

const EXTRA_HINTS: Record<string, string> = {
  'gke-gcloud-auth-plugin': 'Install the GKE auth plugin: gcloud components install gke-gcloud-auth-plugin (or apt install google-cloud-cli-gke-gcloud-auth-plugin)',
  docker: 'Install Docker Engine with the compose plugin: https://docs.docker.com/engine/install/',
};

export const CLOUD_TOOLS: Record<Cloud, string[]> = {
  aws: ['aws', 'session-manager-plugin'],
  gcp: ['gcloud', 'kubectl', 'gke-gcloud-auth-plugin'],
  azure: ['az', 'kubectl'],
  docker: ['docker'],
};

/** The install hint for a tool (access/tools.js loads on use: it brings execa). */
export async function toolHint(tool: string): Promise<string> {
  const { TOOL_HINTS } = await import('../../access/tools.js');
  return TOOL_HINTS[tool as ToolName] ?? EXTRA_HINTS[tool] ?? `Install ${tool} and put it on PATH.`;
}

export const cloudCliCheck: DoctorCheck = {
  id: 'cloud-cli',
  group: 'local',
  title: 'Cloud CLI and plugins',
  fix: 'Install the missing tools listed in the detail.',
  async run(dc) {
    const cloud = needConfig(dc).cloud;
    const tools = CLOUD_TOOLS[cloud];
    const { findExecutable } = await import('../../access/tools.js');
    const found = await Promise.all(tools.map(async (t) => [t, await findExecutable(t, dc.env)] as const));
    const missing = found.filter(([, path]) => !path).map(([t]) => t);
    if (missing.length) {
      return fail(`${cloud} needs ${tools.join(', ')}; missing: ${missing.join(', ')}`, (await Promise.all(missing.map(toolHint))).join(' | '));
    }
    return pass(`${found.map(([t]) => t).join(', ')} found`);
  },
};
