// Limits on the raw config before the schema sees it: hostile or broken input (control
// characters, 100 KB values, deep nesting, huge lists) is refused with the field and the limit,
// and never reaches a message longer than ~200 characters of the value.
import { quote } from './rules.js';

export const INPUT_LIMITS = {
  /** Longest string value (names, URLs, ARNs, reasons); tags are capped lower by the rules. */
  stringLength: 1024,
  arrayLength: 100,
  depth: 12,
  /** Longest config file. */
  fileBytes: 256 * 1024,
} as const;

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** One line per problem, `path: value is not allowed: why`, like describeIssues. */
export function inputProblems(input: unknown): string[] {
  const problems: string[] = [];
  const walk = (v: unknown, path: string[], depth: number) => {
    if (problems.length >= 20) return;
    const where = path.length ? path.join('.') : '(top level)';
    if (typeof v === 'string') {
      if (v.length > INPUT_LIMITS.stringLength) problems.push(`${where}: ${quote(v)} is not allowed: Too big: expected string to have <=${INPUT_LIMITS.stringLength} characters`);
      else if (CONTROL.test(v)) problems.push(`${where}: ${quote(v)} is not allowed: control characters (newlines, tabs, escapes) are not allowed`);
      return;
    }
    if (depth > INPUT_LIMITS.depth) {
      problems.push(`${where}: is not allowed: nested deeper than ${INPUT_LIMITS.depth} levels`);
      return;
    }
    if (Array.isArray(v)) {
      if (v.length > INPUT_LIMITS.arrayLength) problems.push(`${where}: a list of ${v.length} items is not allowed: Too big: expected array to have <=${INPUT_LIMITS.arrayLength} items`);
      else v.forEach((x, i) => walk(x, [...path, String(i)], depth + 1));
      return;
    }
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k.length > INPUT_LIMITS.stringLength || CONTROL.test(k)) {
          problems.push(`${where}: field name ${quote(k)} is not allowed: control characters or over ${INPUT_LIMITS.stringLength} characters`);
          continue;
        }
        walk(x, [...path, k], depth + 1);
      }
    }
  };
  walk(input, [], 0);
  return problems;
}
