// The boot script of a Brainstore node (after the official module's
// modules/brainstore-ec2/templates/user_data.sh.tpl): RAID0 + mount the local NVMe instance
// store, fetch secrets with the instance role, write /etc/brainstore.env, run the container.
//
// The text ends up inside a Terraform string, where "${" and "%{" start interpolations: the
// script is written without them (plain $VAR only), and only the values passed in may be
// Terraform references.

export type BrainstoreRole = 'reader' | 'writer' | 'combined' | 'fastreader';

export const BRAINSTORE_CACHE_DIR = '/mnt/tmp/brainstore';
export const BRAINSTORE_PORT = 4000;
export const BRAINSTORE_IMAGE = 'public.ecr.aws/braintrust/brainstore';

/**
 * Host metrics of the Brainstore nodes, published by the CloudWatch agent (`braintrust status`
 * reads them): memory and the cache and root volumes' use, every minute, in this namespace with
 * the dimensions AutoScalingGroupName and InstanceId (plus path and fstype for disks; the device
 * is dropped, as it is md0 or an nvme device depending on the instance type). Disk `used_percent`
 * is published as disk_used_percent.
 */
export const CWAGENT_NAMESPACE = 'CWAgent';
/** The cache volume's file system (mkfs.ext4 below): a dimension of its disk_used_percent. */
export const BRAINSTORE_CACHE_FSTYPE = 'ext4';

export function cloudwatchAgentConfig(): object {
  return {
    agent: { metrics_collection_interval: 60 },
    metrics: {
      namespace: CWAGENT_NAMESPACE,
      append_dimensions: { AutoScalingGroupName: '${aws:AutoScalingGroupName}', InstanceId: '${aws:InstanceId}' },
      metrics_collected: {
        mem: { measurement: ['mem_used_percent'], metrics_collection_interval: 60 },
        disk: { measurement: ['used_percent'], resources: ['/', BRAINSTORE_CACHE_DIR], drop_device: true, metrics_collection_interval: 60 },
      },
    },
  };
}

/** CloudWatch log group of one role's containers (`braintrust logs` reads it; one stream per instance). */
export function brainstoreLogGroupName(deploymentName: string, role: BrainstoreRole): string {
  return `/braintrust/${deploymentName}/${role === 'combined' ? 'brainstore' : `brainstore-${role}`}`;
}

export interface BrainstoreUserDataInput {
  role: BrainstoreRole;
  region: string;
  image: string;
  bucket: string;
  /** The API's responses bucket: Brainstore caches responses under brainstore-cache/. */
  responsesBucket: string;
  /** User code bundles, read by Brainstore (BRAINSTORE_CODE_BUNDLE_URI). */
  codeBundleBucket: string;
  databaseSecretArn: string;
  redisSecretArn: string;
  licenseSecretArn: string;
  serviceSecretArn: string;
  logGroupName: string;
  /** SSM parameter with the AI proxy URL (BRAINSTORE_AI_PROXY_URL): read at boot, required. */
  aiProxyUrlParameter: string;
  /** Extra environment from config, e.g. BRAINSTORE_CONTROL_PLANE_TELEMETRY. */
  env: Record<string, string>;
}

export function brainstoreUserData(input: BrainstoreUserDataInput): string {
  const env: Record<string, string> = {
    BRAINSTORE_PORT: String(BRAINSTORE_PORT),
    BRAINSTORE_INDEX_URI: `s3://${input.bucket}/brainstore/index`,
    BRAINSTORE_REALTIME_WAL_URI: `s3://${input.bucket}/brainstore/wal`,
    BRAINSTORE_LOCKS_URI: `s3://${input.bucket}/locks`,
    BRAINSTORE_METADATA_URI: '$DATABASE_URL',
    BRAINSTORE_WAL_URI: '$DATABASE_URL',
    BRAINSTORE_REDIS_URI: '$REDIS_URL',
    BRAINSTORE_XACT_MANAGER_URI: '$REDIS_URL',
    BRAINSTORE_RESPONSE_CACHE_URI: `s3://${input.responsesBucket}/brainstore-cache`,
    BRAINSTORE_CODE_BUNDLE_URI: `s3://${input.codeBundleBucket}`,
    BRAINSTORE_CACHE_DIR: BRAINSTORE_CACHE_DIR,
    BRAINSTORE_LICENSE_KEY: '$LICENSE_KEY',
    SERVICE_TOKEN_SECRET_KEY: '$SERVICE_TOKEN',
    BRAINSTORE_AI_PROXY_URL: '$AI_PROXY_URL',
    // Readers and fast readers serve queries only; a writer, or the combined node, also indexes.
    BRAINSTORE_READER_ONLY_MODE: input.role === 'reader' || input.role === 'fastreader' ? 'true' : 'false',
    BRAINSTORE_VERBOSE: '1',
    NO_COLOR: '1',
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    ...input.env,
  };
  // Terraform would read the agent's own ${aws:...} placeholders as interpolations: escape them.
  const agentConfig = JSON.stringify(cloudwatchAgentConfig(), null, 2).replaceAll('${', () => '$${');
  const envFile = Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

  return String.raw`#!/bin/bash
# Brainstore ${input.role} node. Written by the braintrust CLI; changes roll out by instance refresh.
set -euo pipefail
export AWS_DEFAULT_REGION=${input.region}
# apt: wait for the boot-time lock, retry downloads, and use the plain Ubuntu ports mirror (the
# EC2 regional ports mirrors are not always complete for arm64), as the official user data does.
cat > /etc/apt/apt.conf.d/99braintrust-retries <<'APT'
DPkg::Lock::Timeout "120";
Acquire::Retries "5";
APT
if [ -f /etc/apt/sources.list.d/ubuntu.sources ]; then
  sed -i 's|http://[a-z0-9-]\+\.ec2\.ports\.ubuntu\.com|http://ports.ubuntu.com|g' /etc/apt/sources.list.d/ubuntu.sources
fi

# Docker log rotation, in place before docker first starts.
mkdir -p /etc/docker
cat > /etc/docker/daemon.json <<'JSON'
{ "log-driver": "json-file", "log-opts": { "max-size": "100m", "max-file": "3" } }
JSON
for attempt in 1 2 3 4 5; do apt-get update -y && break; sleep 10; done
for attempt in 1 2 3 4 5; do apt-get install -y nvme-cli mdadm docker.io jq earlyoom && break; sleep 10; done
# earlyoom kills the largest process before the kernel OOM killer stalls the node.
systemctl enable --now earlyoom || echo "earlyoom did not start" >&2
systemctl enable --now docker
snap install aws-cli --classic

# Local NVMe instance store: RAID0 over every device, ext4, at the Brainstore cache dir.
# Brainstore needs >= 150k IOPS, which EBS cannot give: no NVMe means a wrong instance type.
CACHE_DIR=${BRAINSTORE_CACHE_DIR}
mkdir -p "$CACHE_DIR"
DEVICES=$(nvme list | awk '/Instance Storage/ {print $1}' | sort)
COUNT=$(echo "$DEVICES" | grep -c . || true)
if [ "$COUNT" -eq 0 ]; then
  echo "No NVMe instance storage: use an instance type with local NVMe (a d type such as c8gd)" >&2
  exit 1
elif [ "$COUNT" -eq 1 ]; then
  DEVICE=$DEVICES
else
  mdadm --create /dev/md0 --run --level=0 --raid-devices="$COUNT" $DEVICES
  udevadm settle
  DEVICE=/dev/md0
fi
blkid "$DEVICE" >/dev/null || mkfs.ext4 -F -E nodiscard "$DEVICE"
mount -o noatime "$DEVICE" "$CACHE_DIR"
chmod 0777 "$CACHE_DIR"
echo "UUID=$(blkid -s UUID -o value "$DEVICE") $CACHE_DIR ext4 defaults,noatime,nofail 0 2" >> /etc/fstab

# CloudWatch agent, for host metrics only (memory, cache and root disk use; logs go through
# Docker's awslogs driver below): the .deb from the regional bucket, as the AWS docs install it
# on Ubuntu. Optional: if it cannot be installed, say so and boot on.
install_cloudwatch_agent() {
  local deb=/tmp/amazon-cloudwatch-agent.deb ok=""
  local url="https://amazoncloudwatch-agent-${input.region}.s3.${input.region}.amazonaws.com/ubuntu/$(dpkg --print-architecture)/latest/amazon-cloudwatch-agent.deb"
  for attempt in 1 2 3 4 5; do curl -fsSL -o "$deb" "$url" && { ok=1; break; }; sleep 10; done
  [ -n "$ok" ] || return 1
  dpkg -i -E "$deb" || return 1
  mkdir -p /opt/aws/amazon-cloudwatch-agent/etc || return 1
  cat > /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json <<'CWAGENT' || return 1
${agentConfig}
CWAGENT
  /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s \
    -c file:/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json || return 1
  rm -f "$deb"
}
install_cloudwatch_agent || echo "CloudWatch agent not installed: braintrust status shows no memory or disk use for this node" >&2

cat > /etc/security/limits.d/brainstore.conf <<'LIMITS'
root soft nofile 65535
root hard nofile 65535
* soft nofile 65535
* hard nofile 65535
LIMITS

# Secrets, read at boot with the instance role: never in user data, outputs or images.
secret() { aws secretsmanager get-secret-value --secret-id "$1" --query SecretString --output text; }
DATABASE_URL=$(secret "${input.databaseSecretArn}" | jq -r .url)
REDIS_URL=$(secret "${input.redisSecretArn}" | jq -r .url)
# One key for FUNCTION_SECRET_KEY and SERVICE_TOKEN_SECRET_KEY, shared with the API (official module).
SERVICE_TOKEN=$(secret "${input.serviceSecretArn}" | jq -r .function_secret_key)
LICENSE_RAW=$(secret "${input.licenseSecretArn}")
LICENSE_KEY=$(echo "$LICENSE_RAW" | jq -er .license_key 2>/dev/null || echo "$LICENSE_RAW")

# The AI proxy's URL (written by the same apply, which starts these nodes only after it):
# Brainstore does not run without it, as in the official module.
AI_PROXY_URL=""
for attempt in $(seq 1 30); do
  AI_PROXY_URL=$(aws ssm get-parameter --name "${input.aiProxyUrlParameter}" --query Parameter.Value --output text 2>/dev/null || true)
  if [ -n "$AI_PROXY_URL" ] && [ "$AI_PROXY_URL" != "None" ]; then break; fi
  AI_PROXY_URL=""
  sleep 10
done
if [ -z "$AI_PROXY_URL" ]; then
  echo "ERROR: no AI proxy URL in SSM parameter ${input.aiProxyUrlParameter}, aborting" >&2
  exit 1
fi

umask 077
# docker --env-file takes values literally: no quotes.
cat > /etc/brainstore.env <<ENV
${envFile}
ENV
umask 022

# Container logs go to CloudWatch (${input.logGroupName}, one stream per instance) through
# Docker's awslogs driver: built in, no agent to install. Non-blocking, so a CloudWatch outage
# never stalls Brainstore; docker logs on the host still works (Docker's dual logging).
IMDS_TOKEN=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")
INSTANCE_ID=$(curl -fsS -H "X-aws-ec2-metadata-token: $IMDS_TOKEN" http://169.254.169.254/latest/meta-data/instance-id)

IMAGE=${input.image}
for attempt in 1 2 3 4 5; do docker pull "$IMAGE" && break; sleep 15; done
docker run -d --init --network host --restart always --name brainstore \
  --log-driver awslogs --log-opt awslogs-region=${input.region} \
  --log-opt awslogs-group=${input.logGroupName} --log-opt awslogs-stream="$INSTANCE_ID" \
  --log-opt mode=non-blocking --log-opt max-buffer-size=8m \
  --env-file /etc/brainstore.env --ulimit nofile=65535:65535 \
  -v "$CACHE_DIR:$CACHE_DIR" \
  "$IMAGE" web
`;
}
