// Ubuntu 24.04 LTS for Graviton (arm64) from Canonical's account, as the official module uses
// for Brainstore; the SSM agent ships in the image, so no SSH keys or open ports are needed.
import { Construct } from 'constructs';
import { DataAwsAmi } from '@cdktf/provider-aws/lib/data-aws-ami/index.js';

export const CANONICAL_ACCOUNT = '099720109477';

export function ubuntuArm64Ami(scope: Construct, id: string): DataAwsAmi {
  return new DataAwsAmi(scope, id, {
    mostRecent: true,
    owners: [CANONICAL_ACCOUNT],
    filter: [
      { name: 'name', values: ['ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-*'] },
      { name: 'architecture', values: ['arm64'] },
      { name: 'virtualization-type', values: ['hvm'] },
    ],
  });
}
