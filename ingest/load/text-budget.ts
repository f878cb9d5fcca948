/**
 * The safety net under the redaction of ingested text: a time limit that stops a function even
 * in the middle of a regular expression. Every pattern is meant to run in linear time (the lint
 * step and a fuzz test check that), but one that backtracks super-linearly can take hours on a
 * single ticket; node:vm's `timeout` interrupts it (V8 TerminateExecution, checked inside the
 * regexp engine too), so the record is redacted conservatively instead and the import goes on.
 *
 * Starting a timed run costs ~50 µs (a watchdog thread), more than preparing a typical record, so
 * callers time groups of records and re-time only the record a group stopped in (prepare.ts).
 */
import vm from 'node:vm';

/**
 * Time allowed for one record's text: a base for the fixed costs plus 1 ms per 1,000 characters —
 * several times what the detectors need (≈ 50–100 ms per MB, bench/long-text.ts), so a slow
 * machine is not mistaken for a runaway pattern, while a stalled pattern is cut within seconds.
 */
export const TEXT_BUDGET: TextBudget = { baseMs: 500, msPerThousandChars: 1 };

export interface TextBudget {
  baseMs: number;
  msPerThousandChars: number;
}

export function budgetMs(chars: number, budget = TEXT_BUDGET): number {
  return budget.baseMs + (chars / 1000) * budget.msPerThousandChars;
}

const TIMEOUT = 'ERR_SCRIPT_EXECUTION_TIMEOUT';

export interface TimedRunner {
  /** Runs `task`; false when it was stopped after `limitMs` (whatever it wrote so far stays written). */
  run(task: () => void, limitMs: number): boolean;
}

export function createTimedRunner(): TimedRunner {
  const context = vm.createContext({ task: null as (() => void) | null });
  const script = new vm.Script('task()');
  return {
    run(task, limitMs) {
      context.task = task;
      try {
        script.runInContext(context, { timeout: Math.max(1, Math.ceil(limitMs)) });
        return true;
      } catch (error) {
        if ((error as { code?: string }).code === TIMEOUT) return false;
        throw error;
      } finally {
        context.task = null;
      }
    },
  };
}
