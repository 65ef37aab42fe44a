// Moved to src/state/ (the one module that owns .braintrust/); re-exported for existing imports.
export type { HistoryEntry } from '../state/history.js';
export { appendHistory, readHistory, unfinishedRuns } from '../state/history.js';
export { publicOutputs, saveOutputs, readOutputs } from '../state/outputs.js';
export { outputsPath, historyPath } from '../state/paths.js';
