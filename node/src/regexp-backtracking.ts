// A regular expression whose backtracking explodes (`/(a+)+$/` against a long near-match) runs inside one builtin
// call: gas cannot see it, and after a handler's first `await` the wall-clock backstop cannot stop it either, so it
// would hold the node's event loop for minutes. V8 can switch such a search to its linear-time engine once it has
// backtracked too often; the answer is the same, only its cost is bounded. Patterns that engine cannot run (those
// with backreferences or lookarounds) keep backtracking and are left to the backstop (docs/gas.md).
import { setFlagsFromString } from 'node:v8';

let bounded = false;

/** Has V8 move a regular expression that backtracks excessively to its linear-time engine (process-wide, once). */
export function boundRegExpBacktracking(): void {
  if (bounded) return;
  bounded = true;
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
}
