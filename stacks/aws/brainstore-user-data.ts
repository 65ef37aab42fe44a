// The boot script of a Brainstore node (after the official module's
// modules/brainstore-ec2/templates/user_data.sh.tpl): RAID0 + mount the local NVMe instance
// store, fetch secrets with the instance role, write /etc/brainstore.env, run the container.
//
// The text ends up inside a Terraform string, where "${" and "%{" start interpolations: the
// script is written without them (plain $VAR only), and only the values passed in may be
// Terraform references.

export type BrainstoreRole = 'reader' | 'writer' | 'combined';

export const BRAINSTORE_CACHE_DIR = '/mnt/tmp/brainstore';
export const BRAINSTORE_PORT = 4000;
export const BRAINSTORE_IMAGE = 'public.ecr.aws/braintrust/brainstore';

/** CloudWatch log group of one role's containers (`braintrust logs` reads it; one stream per instance). */
export function brainstoreLogGroupName(deploymentName: string, role: BrainstoreRole): string {
  return `/braintrust/${deploymentName}/${role === 'combined' ? 'brainstore' : `brainstore-${role}`}`;
}

export interface BrainstoreUserDataInput {
  role: BrainstoreRole;
  region: string;
  image: string;
  bucket: string;
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
    BRAINSTORE_CACHE_DIR: BRAINSTORE_CACHE_DIR,
    BRAINSTORE_LICENSE_KEY: '$LICENSE_KEY',
    SERVICE_TOKEN_SECRET_KEY: '$SERVICE_TOKEN',
    BRAINSTORE_AI_PROXY_URL: '$AI_PROXY_URL',
    // Readers serve queries only; a writer, or the single combined node, also indexes.
    BRAINSTORE_READER_ONLY_MODE: input.role === 'reader' ? 'true' : 'false',
    BRAINSTORE_VERBOSE: '1',
    NO_COLOR: '1',
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    ...input.env,
  };
  const envFile = Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

  return String.raw`#!/bin/bash
# Brainstore ${input.role} node. Written by the braintrust CLI; changes roll out by instance refresh.
set -euo pipefail
export AWS_DEFAULT_REGION=${input.region}
echo 'DPkg::Lock::Timeout "120";' > /etc/apt/apt.conf.d/99braintrust-lock-timeout

# Docker log rotation, in place before docker first starts.
mkdir -p /etc/docker
cat > /etc/docker/daemon.json <<'JSON'
{ "log-driver": "json-file", "log-opts": { "max-size": "100m", "max-file": "3" } }
JSON
apt-get update -y
apt-get install -y nvme-cli mdadm docker.io jq
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
SERVICE_TOKEN=$(secret "${input.serviceSecretArn}" | jq -r .service_token_secret_key)
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
