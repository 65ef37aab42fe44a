// Every path under .braintrust/ (beside the config file) in one place: terraform's local state,
// outputs.json, history.jsonl, audit.jsonl and the run lock.
import { dirname, join, resolve } from 'node:path';

/** `.braintrust/` beside the config file. */
export function stateDirOf(configPath: string): string {
  return join(dirname(resolve(configPath)), '.braintrust');
}
export function outputsPath(configPath: string): string {
  return join(stateDirOf(configPath), 'outputs.json');
}
export function historyPath(configPath: string): string {
  return join(stateDirOf(configPath), 'history.jsonl');
}
export function lockPath(configPath: string): string {
  return join(stateDirOf(configPath), 'lock');
}
export function localTfstatePath(configPath: string): string {
  return join(stateDirOf(configPath), 'terraform.tfstate');
}
/** The remote-access audit log, given the state directory (access/ passes that around). */
export function auditLogPathIn(stateDir: string): string {
  return join(stateDir, 'audit.jsonl');
}
/** Each run plans into its own file, so two runs never apply each other's plan. */
export function planFileName(runId: string): string {
  return `tfplan-${runId}`;
}
