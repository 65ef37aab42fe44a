// The scheduled functions of the official module (modules/services/lambda-automation-cron.tf,
// lambda-billing-cron.tf, lambda-catchup-etl.tf): AutomationCron (alerts, exports, retention,
// every 10 minutes), BillingCron (usage telemetry to the control plane, every 5 minutes) and
// CatchupETL (Brainstore backfill, every 10 minutes; the API also invokes it). Same code-pointer
// lookup, VPC and secrets layer as the API functions. Built in the Api construct's scope.
import type { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { LambdaFunction, type LambdaFunctionVpcConfig } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule/index.js';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target/index.js';
import type { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import type { Config } from '../../src/config/schema.js';
import { resourceName } from '../common/naming.js';
import { lambdaCode } from './lambda-code.js';

export const AUTOMATION_CRON = 'AutomationCron';
export const BILLING_CRON = 'BillingCron';
export const CATCHUP_ETL = 'CatchupETL';

/** EventBridge schedules, as the official module sets them. */
export const CRON_SCHEDULES: Record<string, string> = {
  [AUTOMATION_CRON]: 'rate(10 minutes)',
  [BILLING_CRON]: 'rate(5 minutes)',
  [CATCHUP_ETL]: 'rate(10 minutes)',
};

interface CronSpec {
  fn: string;
  id: string;
  handler: string;
  memorySize: number;
  timeout: number;
  /** The APIHandler's role (AutomationCron) or the scheduled functions' own role. */
  role: IamRole;
  duckdb: boolean;
  environment: Record<string, string>;
}

export interface CronArgs {
  config: Config;
  kmsKeyArn: string;
  vpcConfig: LambdaFunctionVpcConfig;
  duckdbLayerArn: string;
  secretsLayerArn: string;
  apiRole: IamRole;
  cronRole: IamRole;
  /** Environment per function (secrets by reference through the secrets layer). */
  environment: Record<'automation' | 'billing' | 'catchup', Record<string, string>>;
  logGroup: (id: string, functionName: string) => CloudwatchLogGroup;
  dependsOn: ITerraformDependable[];
}

export interface Crons {
  automation: LambdaFunction;
  billing: LambdaFunction;
  catchupEtl: LambdaFunction;
}

export function addCrons(scope: Construct, a: CronArgs): Crons {
  const specs: CronSpec[] = [
    { fn: AUTOMATION_CRON, id: 'automation_cron', handler: 'index.handler', memorySize: 2048, timeout: 300, role: a.apiRole, duckdb: true, environment: a.environment.automation },
    { fn: BILLING_CRON, id: 'billing_cron', handler: 'lambda.handler', memorySize: 1024, timeout: 300, role: a.cronRole, duckdb: false, environment: a.environment.billing },
    { fn: CATCHUP_ETL, id: 'catchup_etl', handler: 'index.handler', memorySize: 1024, timeout: 900, role: a.cronRole, duckdb: false, environment: a.environment.catchup },
  ];
  const [automation, billing, catchupEtl] = specs.map((s) => {
    const name = resourceName(a.config, s.fn);
    const logs = a.logGroup(`${s.id}_logs`, name);
    const fn = new LambdaFunction(scope, s.id, {
      functionName: name,
      ...lambdaCode(scope, s.fn, a.config),
      role: s.role.arn,
      handler: s.handler,
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      memorySize: s.memorySize,
      timeout: s.timeout,
      kmsKeyArn: a.kmsKeyArn,
      layers: [...(s.duckdb ? [a.duckdbLayerArn] : []), a.secretsLayerArn],
      ...(s.duckdb ? { ephemeralStorage: { size: 4096 } } : {}),
      environment: { variables: s.environment },
      vpcConfig: a.vpcConfig,
      loggingConfig: { logFormat: 'Text', logGroup: logs.name },
      // Migrations first, as for the API.
      dependsOn: [logs, ...a.dependsOn],
    });
    const rule = new CloudwatchEventRule(scope, `${s.id}_schedule`, {
      name: resourceName(a.config, `${s.id.replace(/_/g, '-')}-schedule`),
      description: `Runs ${name}`,
      scheduleExpression: CRON_SCHEDULES[s.fn],
    });
    new CloudwatchEventTarget(scope, `${s.id}_target`, { rule: rule.name, targetId: `${s.fn}LambdaTarget`, arn: fn.arn });
    new LambdaPermission(scope, `${s.id}_eventbridge`, {
      statementId: 'AllowEventBridgeInvoke',
      action: 'lambda:InvokeFunction',
      functionName: fn.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: rule.arn,
    });
    return fn;
  });
  return { automation, billing, catchupEtl };
}
