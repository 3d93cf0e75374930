import vm from 'node:vm';

// ml.md §8.4 execution safety. User patterns pass a static check when saved (no back-references, no
// nested unbounded quantifiers), but a heuristic is not a proof, so every user regex of a comment runs
// inside one `vm` script with a timeout: V8 interrupts a regex that is still backtracking when the
// budget runs out, and the caller drops that comment's user-regex fields. A vm call costs about
// 0.1 ms, far less than a worker-thread round trip, and needs no message copying.

export const USER_REGEX_BUDGET_MS = 250;
/** Matches one pattern may yield in one text part: a runaway `\d` field cannot flood a comment. */
export const MAX_MATCHES_PER_TASK = 500;

export type RegexTask = { pattern: RegExp; text: string };
export type RegexMatch = {
  index: number;
  groups: (string | undefined)[];
  named: Record<string, string | undefined> | null;
};

const SCRIPT = new vm.Script(`
  results = tasks.map(function (task) {
    var re = task.pattern;
    var found = [];
    re.lastIndex = 0;
    var match;
    while (found.length < limit && (match = re.exec(task.text)) !== null) {
      if (match[0] === '') { re.lastIndex += 1; continue; }
      found.push({ index: match.index, groups: Array.prototype.slice.call(match), named: match.groups ? Object.assign({}, match.groups) : null });
    }
    return found;
  });
`);

const sandbox: {
  tasks: readonly RegexTask[];
  limit: number;
  results: RegexMatch[][] | null;
} = { tasks: [], limit: MAX_MATCHES_PER_TASK, results: null };
const context = vm.createContext(sandbox);

/**
 * Every match of each (global) pattern in its text, or `null` when the whole batch ran over
 * `budgetMs` (the caller then treats every task as yielding nothing).
 */
export function runUserRegexes(
  tasks: readonly RegexTask[],
  budgetMs: number = USER_REGEX_BUDGET_MS,
): RegexMatch[][] | null {
  if (tasks.length === 0) {
    return [];
  }
  // One context for the process: creating one costs over a millisecond, running in it a tenth.
  sandbox.tasks = tasks;
  sandbox.results = null;
  try {
    SCRIPT.runInContext(context, { timeout: budgetMs });
    return sandbox.results;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      return null;
    }
    throw error;
  } finally {
    sandbox.tasks = [];
    sandbox.results = null;
  }
}
