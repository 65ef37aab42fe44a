// cloud-auth: the cloud CLI's credentials work and point at the configured account, project or
// subscription: `aws sts get-caller-identity`, `gcloud config get-value account|project`,
// `az account show`. Skipped (with why) when the CLI is missing: cloud-cli reports that.
import type { Config } from '../../config/schema.js';
import { regionOf } from '../../access/installed-deployment.js';
import { fail, needConfig, pass, skip, warn, type CheckOutcome, type DoctorCheck, type DoctorContext } from '../types.js';
import { toolHint } from './cloud-cli.js';

const TOOL: Record<string, string> = { aws: 'aws', gcp: 'gcloud', azure: 'az' };
const LOGIN: Record<string, string> = {
  aws: 'Log in (`aws sso login`, or set AWS_PROFILE / account.awsProfile, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).',
  gcp: 'Log in with `gcloud auth login` (and `gcloud auth application-default login` for terraform).',
  azure: 'Log in with `az login`.',
};

/** Run the cloud CLI (access/tools.js loads on use: it brings execa). */
async function cli(file: string, args: string[], dc: DoctorContext, signal: AbortSignal) {
  const { runTool } = await import('../../access/tools.js');
  return runTool(file, args, { env: dc.env, signal });
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop() ?? '';
}

/** The 12-digit account of an STS caller ARN (arn:aws:iam::123456789012:user/x). */
export function awsAccountOf(arn: string): string | undefined {
  return /^arn:aws[\w-]*:[^:]*::(\d{12}):/.exec(arn.trim())?.[1];
}

async function checkAws(file: string, config: Config, dc: DoctorContext, signal: AbortSignal): Promise<CheckOutcome> {
  const profile = config.account?.awsProfile;
  const region = regionOf(dc.deployment);
  const args = ['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text', ...(profile ? ['--profile', profile] : []), ...(region ? ['--region', region] : [])];
  const r = await cli(file, args, dc, signal);
  if (r.exitCode !== 0) return fail(`aws sts get-caller-identity failed: ${lastLine(r.stderr) || `exit ${r.exitCode}`}`, LOGIN.aws);
  const arn = lastLine(r.stdout);
  const account = awsAccountOf(arn);
  const want = config.account?.awsAccountId;
  if (want && account !== want) {
    return fail(`credentials are for account ${account ?? '(unknown)'} (${arn}); the config says ${want}`,
      `Switch to credentials for ${want}: another profile (AWS_PROFILE, or account.awsProfile in the config).`);
  }
  return pass(`${arn}${want ? ' (matches account.awsAccountId)' : ''}`);
}

async function checkGcp(file: string, config: Config, dc: DoctorContext, signal: AbortSignal): Promise<CheckOutcome> {
  const get = (key: string) => cli(file, ['config', 'get-value', key], dc, signal);
  const [account, project] = await Promise.all([get('account'), get('project')]);
  const who = lastLine(account.stdout);
  if (account.exitCode !== 0 || !who || who === '(unset)') return fail('no active gcloud account', LOGIN.gcp);
  const want = dc.deployment.outputs.project_id || config.account?.gcpProject;
  const current = lastLine(project.stdout);
  if (want && current !== want) {
    return warn(`${who}; gcloud's default project is ${current || '(unset)'}, the deployment is in ${want}`, `Run \`gcloud config set project ${want}\`.`);
  }
  return pass(`${who}${want ? `, project ${want}` : ''}`);
}

async function checkAzure(file: string, config: Config, dc: DoctorContext, signal: AbortSignal): Promise<CheckOutcome> {
  const r = await cli(file, ['account', 'show', '-o', 'json'], dc, signal);
  if (r.exitCode !== 0) return fail(`az account show failed: ${lastLine(r.stderr) || `exit ${r.exitCode}`}`, LOGIN.azure);
  let id: string | undefined;
  let who = lastLine(r.stdout);
  try {
    const acct = JSON.parse(r.stdout) as { id?: string; user?: { name?: string } };
    id = acct.id;
    who = acct.user?.name ?? who;
  } catch {
    // older az or a wrapper printing text: the user is all we learn
  }
  const want = config.account?.azureSubscriptionId;
  if (want && id && id !== want) {
    return fail(`${who} is on subscription ${id}; the config says ${want}`, `Run \`az account set --subscription ${want}\`.`);
  }
  return pass(`${who}${id ? `, subscription ${id}` : ''}`);
}

export const cloudAuthCheck: DoctorCheck = {
  id: 'cloud-auth',
  group: 'cloud',
  title: 'Cloud credentials',
  fix: 'Log in with the cloud CLI for the configured account.',
  async run(dc, signal) {
    const config = needConfig(dc);
    const tool = TOOL[config.cloud];
    if (!tool) return skip('docker deployments need no cloud credentials');
    const { findExecutable } = await import('../../access/tools.js');
    const file = await findExecutable(tool, dc.env);
    if (!file) return skip(`${tool} is not installed, so the credentials were not checked`, await toolHint(tool));
    const check = config.cloud === 'aws' ? checkAws : config.cloud === 'gcp' ? checkGcp : checkAzure;
    return check(file, config, dc, signal);
  },
};
