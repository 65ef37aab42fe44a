// Ubuntu 24.04 LTS from Canonical's account, as the official module uses for Brainstore, in the
// architecture of each instance type: Graviton types (c8gd, i8g, t4g...) boot the arm64 image,
// Intel/AMD types (i4i, c6id...) the amd64 one. The SSM agent ships in the image, so no SSH keys
// or open ports are needed.
import { Construct } from 'constructs';
import { DataAwsAmi } from '@cdktf/provider-aws/lib/data-aws-ami/index.js';
import { lookupInstance } from '../../src/sizing/catalog/index.js';

export const CANONICAL_ACCOUNT = '099720109477';

export type Ec2Arch = 'arm64' | 'x86_64';

/** Ubuntu's name for the architecture in its image names. */
const UBUNTU_ARCH: Record<Ec2Arch, string> = { arm64: 'arm64', x86_64: 'amd64' };

/**
 * The CPU architecture of an EC2 instance type: the sizing catalog's, else AWS's naming rule
 * (a "g" after the generation digit marks Graviton: c8gd, m7g, t4g, i8ge).
 */
export function instanceArch(instanceType: string): Ec2Arch {
  const listed = lookupInstance('aws', 'compute', instanceType);
  if (listed) return listed.arch;
  const family = instanceType.trim().toLowerCase().split('.')[0] ?? '';
  return /^[a-z]+\d+g/.test(family) ? 'arm64' : 'x86_64';
}

export function ubuntuAmi(scope: Construct, id: string, arch: Ec2Arch): DataAwsAmi {
  return new DataAwsAmi(scope, id, {
    mostRecent: true,
    owners: [CANONICAL_ACCOUNT],
    filter: [
      { name: 'name', values: [`ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-${UBUNTU_ARCH[arch]}-server-*`] },
      { name: 'architecture', values: [arch] },
      { name: 'virtualization-type', values: ['hvm'] },
    ],
  });
}

/** One image lookup per architecture in use, created on first use (data.aws_ami.ubuntu_<arch>). */
export class UbuntuImages {
  private readonly byArch = new Map<Ec2Arch, DataAwsAmi>();

  constructor(private readonly scope: Construct) {}

  /** The AMI id for an instance type, in its architecture. */
  forInstanceType(instanceType: string): string {
    const arch = instanceArch(instanceType);
    let ami = this.byArch.get(arch);
    if (!ami) {
      ami = ubuntuAmi(this.scope, `ubuntu_${arch}`, arch);
      this.byArch.set(arch, ami);
    }
    return ami.id;
  }
}
