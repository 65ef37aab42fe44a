// What the principal must be allowed to do, derived from the resource types in the synthesized
// stack. AWS: the create call of each resource type (IAM action names from the Service
// Authorization Reference), checked with iam simulate-principal-policy. GCP: the predefined roles
// that carry those permissions, looked up in the project IAM policy. Azure: Owner, or Contributor
// plus a role that may write role assignments (the stack creates some).

/** AWS resource type -> the IAM actions terraform calls to create it. */
export const AWS_ACTIONS: Record<string, string[]> = {
  aws_vpc: ['ec2:CreateVpc'],
  aws_subnet: ['ec2:CreateSubnet'],
  aws_internet_gateway: ['ec2:CreateInternetGateway', 'ec2:AttachInternetGateway'],
  aws_nat_gateway: ['ec2:CreateNatGateway'],
  aws_eip: ['ec2:AllocateAddress'],
  aws_route_table: ['ec2:CreateRouteTable'],
  aws_route: ['ec2:CreateRoute'],
  aws_route_table_association: ['ec2:AssociateRouteTable'],
  aws_vpc_endpoint: ['ec2:CreateVpcEndpoint'],
  aws_security_group: ['ec2:CreateSecurityGroup'],
  aws_vpc_security_group_ingress_rule: ['ec2:AuthorizeSecurityGroupIngress'],
  aws_vpc_security_group_egress_rule: ['ec2:AuthorizeSecurityGroupEgress'],
  aws_launch_template: ['ec2:CreateLaunchTemplate'],
  aws_instance: ['ec2:RunInstances'],
  aws_autoscaling_group: ['autoscaling:CreateAutoScalingGroup'],
  aws_lb: ['elasticloadbalancing:CreateLoadBalancer'],
  aws_lb_target_group: ['elasticloadbalancing:CreateTargetGroup'],
  aws_lb_listener: ['elasticloadbalancing:CreateListener'],
  aws_db_instance: ['rds:CreateDBInstance'],
  aws_db_parameter_group: ['rds:CreateDBParameterGroup'],
  aws_db_subnet_group: ['rds:CreateDBSubnetGroup'],
  aws_elasticache_replication_group: ['elasticache:CreateReplicationGroup'],
  aws_elasticache_subnet_group: ['elasticache:CreateCacheSubnetGroup'],
  aws_s3_bucket: ['s3:CreateBucket'],
  aws_s3_bucket_versioning: ['s3:PutBucketVersioning'],
  aws_s3_bucket_cors_configuration: ['s3:PutBucketCORS'],
  aws_s3_bucket_lifecycle_configuration: ['s3:PutLifecycleConfiguration'],
  aws_s3_bucket_public_access_block: ['s3:PutBucketPublicAccessBlock'],
  aws_s3_bucket_server_side_encryption_configuration: ['s3:PutEncryptionConfiguration'],
  aws_s3_object: ['s3:PutObject'],
  aws_kms_key: ['kms:CreateKey'],
  aws_kms_alias: ['kms:CreateAlias'],
  aws_iam_role: ['iam:CreateRole'],
  aws_iam_role_policy: ['iam:PutRolePolicy'],
  aws_iam_role_policy_attachment: ['iam:AttachRolePolicy'],
  aws_iam_instance_profile: ['iam:CreateInstanceProfile', 'iam:PassRole'],
  aws_lambda_function: ['lambda:CreateFunction', 'iam:PassRole'],
  aws_lambda_alias: ['lambda:CreateAlias'],
  aws_lambda_function_url: ['lambda:CreateFunctionUrlConfig'],
  aws_lambda_invocation: ['lambda:InvokeFunction'],
  aws_lambda_layer_version: ['lambda:PublishLayerVersion'],
  aws_lambda_permission: ['lambda:AddPermission'],
  aws_lambda_provisioned_concurrency_config: ['lambda:PutProvisionedConcurrencyConfig'],
  aws_api_gateway_rest_api: ['apigateway:POST'],
  aws_api_gateway_deployment: ['apigateway:POST'],
  aws_api_gateway_stage: ['apigateway:POST'],
  aws_cloudfront_distribution: ['cloudfront:CreateDistribution'],
  aws_cloudwatch_log_group: ['logs:CreateLogGroup'],
  aws_secretsmanager_secret: ['secretsmanager:CreateSecret'],
  aws_secretsmanager_secret_version: ['secretsmanager:PutSecretValue'],
  aws_ssm_parameter: ['ssm:PutParameter'],
};

/** The actions to simulate for these resource types, and the aws_* types with no entry. */
export function awsActionsFor(resourceTypes: readonly string[]): { actions: string[]; unmapped: string[] } {
  const actions = new Set<string>();
  const unmapped: string[] = [];
  for (const t of resourceTypes) {
    const a = AWS_ACTIONS[t];
    if (a) a.forEach((x) => actions.add(x));
    else if (t.startsWith('aws_')) unmapped.push(t);
  }
  return { actions: [...actions].sort(), unmapped };
}

/**
 * GCP resource type -> predefined roles any one of which grants creating it. roles/owner and
 * roles/editor (plus roles/resourcemanager.projectIamAdmin for IAM bindings) cover everything.
 */
export const GCP_ROLES: Record<string, string[]> = {
  google_compute_network: ['roles/compute.networkAdmin'],
  google_compute_subnetwork: ['roles/compute.networkAdmin'],
  google_compute_router: ['roles/compute.networkAdmin'],
  google_compute_router_nat: ['roles/compute.networkAdmin'],
  google_compute_address: ['roles/compute.networkAdmin'],
  google_compute_global_address: ['roles/compute.networkAdmin'],
  google_service_networking_connection: ['roles/servicenetworking.networksAdmin', 'roles/compute.networkAdmin'],
  google_container_cluster: ['roles/container.admin'],
  google_container_node_pool: ['roles/container.admin'],
  google_sql_database_instance: ['roles/cloudsql.admin'],
  google_sql_database: ['roles/cloudsql.admin'],
  google_sql_user: ['roles/cloudsql.admin'],
  google_redis_instance: ['roles/redis.admin'],
  google_storage_bucket: ['roles/storage.admin'],
  google_storage_bucket_iam_member: ['roles/storage.admin'],
  google_kms_key_ring: ['roles/cloudkms.admin'],
  google_kms_crypto_key: ['roles/cloudkms.admin'],
  google_kms_crypto_key_iam_member: ['roles/cloudkms.admin'],
  google_secret_manager_secret: ['roles/secretmanager.admin'],
  google_secret_manager_secret_version: ['roles/secretmanager.admin'],
  google_service_account: ['roles/iam.serviceAccountAdmin'],
  google_service_account_iam_member: ['roles/iam.serviceAccountAdmin'],
  google_project_iam_member: ['roles/resourcemanager.projectIamAdmin'],
  google_project_service: ['roles/serviceusage.serviceUsageAdmin'],
  // Cloud SQL's service agent for CMEK (generateServiceIdentity).
  google_project_service_identity: ['roles/serviceusage.serviceUsageAdmin'],
};

const GCP_BROAD = new Set(['roles/owner']);
// Editor may create every resource but not change IAM policy.
const GCP_EDITOR_GAPS = new Set(['roles/resourcemanager.projectIamAdmin', 'roles/iam.serviceAccountAdmin', 'roles/cloudkms.admin', 'roles/secretmanager.admin', 'roles/storage.admin']);

/** Resource types none of whose roles the member holds (given the member's project roles). */
export function gcpMissing(resourceTypes: readonly string[], roles: ReadonlySet<string>): { type: string; roles: string[] }[] {
  if ([...roles].some((r) => GCP_BROAD.has(r))) return [];
  const editor = roles.has('roles/editor');
  const missing: { type: string; roles: string[] }[] = [];
  for (const t of new Set(resourceTypes)) {
    const need = GCP_ROLES[t];
    if (!need) continue;
    const ok = need.some((r) => roles.has(r) || (editor && !GCP_EDITOR_GAPS.has(r)));
    if (!ok) missing.push({ type: t, roles: need });
  }
  return missing;
}

/** Azure built-in roles that let a principal create role assignments. */
export const AZURE_ASSIGNMENT_WRITERS = ['Owner', 'User Access Administrator', 'Role Based Access Control Administrator'];
export const AZURE_CREATORS = ['Owner', 'Contributor'];
