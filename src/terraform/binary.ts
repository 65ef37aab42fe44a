// Find terraform (>= 1.5) or OpenTofu. BRAINTRUST_TERRAFORM_BIN overrides the search.
import { execa } from 'execa';
import { prerequisiteError } from '../ui/errors.js';

export interface TerraformBinary {
  path: string;
  flavor: 'terraform' | 'tofu';
  version: string;
}

export const MIN_TERRAFORM = [1, 5, 0] as const;

const INSTALL_HINT =
  'Install terraform >= 1.5 (https://developer.hashicorp.com/terraform/install) or OpenTofu (https://opentofu.org/docs/intro/install/), ' +
  'put it on PATH, or set BRAINTRUST_TERRAFORM_BIN to its path. `braintrust install --dry-run` needs neither.';

export function compareVersions(a: string, b: readonly number[]): number {
  const pa = a.replace(/^v/, '').split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < b.length; i++) {
    const d = (pa[i] ?? 0) - b[i];
    if (d !== 0) return d;
  }
  return 0;
}

async function probe(path: string, env: NodeJS.ProcessEnv): Promise<TerraformBinary | undefined> {
  try {
    const r = await execa(path, ['version', '-json'], { env, timeout: 15_000, reject: false });
    if (r.exitCode !== 0 && !r.stdout) return undefined;
    let version = '';
    try {
      version = (JSON.parse(r.stdout) as { terraform_version?: string }).terraform_version ?? '';
    } catch {
      version = /v?(\d+\.\d+\.\d+)/.exec(r.stdout)?.[1] ?? '';
    }
    const flavor = /tofu/i.test(path) || /opentofu/i.test(r.stdout) ? 'tofu' : 'terraform';
    return { path, flavor, version };
  } catch {
    return undefined;
  }
}

export async function findTerraform(env: NodeJS.ProcessEnv): Promise<TerraformBinary> {
  const override = env.BRAINTRUST_TERRAFORM_BIN;
  const candidates = override ? [override] : ['terraform', 'tofu'];
  for (const c of candidates) {
    const found = await probe(c, env);
    if (!found) continue;
    if (found.flavor === 'terraform' && compareVersions(found.version, MIN_TERRAFORM) < 0) {
      throw prerequisiteError(`${c} ${found.version} is too old: braintrust needs terraform >= ${MIN_TERRAFORM.join('.')}`, INSTALL_HINT, 'TERRAFORM_TOO_OLD');
    }
    return found;
  }
  throw prerequisiteError(
    override ? `BRAINTRUST_TERRAFORM_BIN=${override} does not run` : 'Neither terraform nor tofu was found on PATH',
    INSTALL_HINT,
    'TERRAFORM_NOT_FOUND',
  );
}
