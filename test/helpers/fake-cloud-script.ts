// Installs test/fixtures/fake-cloud-responses.mjs as aws, gcloud and az in a temp bin dir, with
// a script of answers (what the real CLIs print) and a log of every argv.
import { chmod, copyFile, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './cli.js';

export interface ScriptedAnswer {
  argv: string[];
  stdout?: unknown;
  stderr?: string;
  exit?: number;
}
export type CloudScript = Partial<Record<'aws' | 'gcloud' | 'az', ScriptedAnswer[]>>;

export interface ScriptedClouds {
  dir: string;
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  calls(tool?: string): Promise<string[][]>;
  cleanup(): Promise<void>;
}

export async function scriptClouds(script: CloudScript, tools: string[] = ['aws', 'gcloud', 'az']): Promise<ScriptedClouds> {
  const dir = await mkdtemp(join(tmpdir(), 'bt-cloud-script-'));
  const bin = join(dir, 'bin');
  await mkdir(bin);
  for (const t of tools) {
    await copyFile(join(projectRoot, 'test', 'fixtures', 'fake-cloud-responses.mjs'), join(bin, t));
    await chmod(join(bin, t), 0o755);
  }
  const scriptFile = join(dir, 'script.json');
  const log = join(dir, 'calls.jsonl');
  await writeFile(scriptFile, JSON.stringify(script));
  return {
    dir,
    env: (extra = {}) => ({ PATH: `${bin}:${process.env.PATH}`, HOME: dir, FAKE_CLOUD_SCRIPT: scriptFile, FAKE_CLOUD_LOG: log, ...extra }),
    async calls(tool) {
      const text = await readFile(log, 'utf8').catch(() => '');
      return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { tool: string; argv: string[] }).filter((c) => !tool || c.tool === tool).map((c) => c.argv);
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
