// Time-boxed access for Braintrust support (config.remoteAccess.grants, managed by the
// `support-access` command): a role trusted by Braintrust's AWS account that can open SSM
// port-forwarding sessions through the bastion and read the data stores' credentials. The
// trust expires by itself (aws:CurrentTime) at the latest grant's expiresAt, so no clean-up
// apply is needed for access to end. Official module modules/remote-support.
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName } from '../common/naming.js';
import { policyDocument, readSecretsStatements, type PolicyStatement } from './policy.js';

/** Braintrust's AWS account (official module modules/remote-support/main.tf). */
export const BRAINTRUST_SUPPORT_ACCOUNT = '872608195481';
export const PORT_FORWARD_DOCUMENT = 'AWS-StartPortForwardingSessionToRemoteHost';

type Grant = Config['remoteAccess']['grants'][number];

/** An account id or ARN as an IAM principal; the default is Braintrust support. */
export function grantPrincipal(grant: Grant): string {
  const p = grant.principal?.trim();
  if (!p) return `arn:aws:iam::${BRAINTRUST_SUPPORT_ACCOUNT}:root`;
  return /^\d{12}$/.test(p) ? `arn:aws:iam::${p}:root` : p;
}

/**
 * Latest expiry per principal. Taking the latest grant needs no clock: if it has expired, all
 * have, and the condition simply denies. The stack stays a pure function of the config.
 */
export function grantExpiries(grants: Grant[]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const grant of grants) {
    const principal = grantPrincipal(grant);
    const current = latest.get(principal);
    if (!current || Date.parse(grant.expiresAt) > Date.parse(current)) latest.set(principal, grant.expiresAt);
  }
  return latest;
}

export interface RemoteAccessProps {
  config: Config;
  accountId: string;
  bastionInstanceArn: string;
  secretArns: string[];
  kmsKeyArn: string;
}

export class RemoteAccess extends Construct {
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: RemoteAccessProps) {
    super(scope, id);
    const { config } = props;
    const region = config.region ?? '';
    const trust: PolicyStatement[] = [...grantExpiries(config.remoteAccess.grants)].map(([principal, expiresAt]) => ({
      Effect: 'Allow',
      Principal: { AWS: principal },
      Action: 'sts:AssumeRole',
      Condition: { DateLessThan: { 'aws:CurrentTime': expiresAt } },
    }));
    const role = new IamRole(this, 'role', {
      name: resourceName(config, 'braintrust-support'),
      description: `Braintrust support access to ${config.name}; expires per config.remoteAccess.grants`,
      assumeRolePolicy: policyDocument(trust),
      maxSessionDuration: 3600,
    });
    new IamRolePolicy(this, 'policy', {
      name: 'braintrust-support',
      role: role.id,
      policy: policyDocument([
        {
          Sid: 'PortForwardThroughBastion',
          Effect: 'Allow',
          Action: 'ssm:StartSession',
          Resource: [props.bastionInstanceArn, `arn:aws:ssm:${region}::document/${PORT_FORWARD_DOCUMENT}`],
          Condition: { BoolIfExists: { 'ssm:SessionDocumentAccessCheck': 'true' } },
        },
        {
          Sid: 'ManageOwnSessions',
          Effect: 'Allow',
          Action: ['ssm:TerminateSession', 'ssm:ResumeSession'],
          // "$${" keeps Terraform from reading the IAM policy variable as an interpolation.
          Resource: `arn:aws:ssm:${region}:${props.accountId}:session/$\${aws:userid}-*`,
        },
        { Sid: 'DescribeSessions', Effect: 'Allow', Action: ['ssm:DescribeSessions', 'ssm:DescribeInstanceInformation'], Resource: '*' },
        ...readSecretsStatements(props.secretArns, props.kmsKeyArn),
        // Troubleshooting reads this deployment's logs (/braintrust/<name>/...: the functions
        // and Brainstore); the log groups are encrypted with the deployment key (above).
        {
          Sid: 'ReadDeploymentLogs',
          Effect: 'Allow',
          Action: ['logs:DescribeLogStreams', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery', 'logs:GetLogGroupFields'],
          Resource: [
            `arn:aws:logs:${region}:${props.accountId}:log-group:/braintrust/${config.name}/*`,
            `arn:aws:logs:${region}:${props.accountId}:log-group:/braintrust/${config.name}/*:*`,
          ],
        },
        { Sid: 'FindLogGroupsAndQueries', Effect: 'Allow', Action: ['logs:DescribeLogGroups', 'logs:GetQueryResults', 'logs:StopQuery'], Resource: '*' },
      ]),
    });
    this.roleArn = role.arn;
  }
}
