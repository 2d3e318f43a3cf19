// SPK1028 inside callbacks: a callback passed to `.forEach`, `.map` or `.filter` of a collection runs while the
// handler runs, and what it returns goes to that method. `.forEach` drops it and `.filter` tests it, so a promise
// returned there is dropped; `.map` collects it into an array, dropped only if the array is (not awaited with
// `Promise.all`, passed on or returned). An async callback is itself such a promise.
import { ts } from 'ts-morph';

/**
 * What happens to the value of an expression: consumed (awaited, returned, passed on, stored), bound to a variable, or
 * dropped. `array` names the `.map` call whose array a promise went into (`items.map`), for one bound with the array.
 */
export type Fate =
  | { kind: 'consumed' }
  | { kind: 'dropped'; why: string; fix?: string }
  | { kind: 'bound'; name: ts.Identifier; array?: string };

/** The methods whose callback's result is dropped (`forEach`), tested (`filter`, `some`, ...) or collected (`map`). */
const CALLBACK_METHODS: ReadonlyMap<string, 'drop' | 'test' | 'collect'> = new Map([
  ['forEach', 'drop'],
  ['filter', 'test'],
  ['some', 'test'],
  ['every', 'test'],
  ['find', 'test'],
  ['findIndex', 'test'],
  ['findLast', 'test'],
  ['findLastIndex', 'test'],
  ['map', 'collect'],
  ['flatMap', 'collect'],
]);

/** Collections besides arrays whose `forEach` runs its callback at once. */
const COLLECTIONS: ReadonlySet<string> = new Set(['Map', 'Set', 'ReadonlyMap', 'ReadonlySet']);

/** A callback passed to a collection's `forEach`, `map` or `filter`, with the call and the collection's text. */
export interface CollectionCallback {
  readonly call: ts.CallExpression;
  readonly method: string;
  readonly use: 'drop' | 'test' | 'collect';
  /** The collection as written (`items`, `this.peers`), shortened. */
  readonly receiver: string;
  /** Whether the collection is an array (a Map or Set has no `map`: it is spread into one). */
  readonly array: boolean;
}

/** The outermost expression that carries the value of `node` unchanged (through parentheses and type assertions), and its parent. */
export function carrierOf(node: ts.Node): { child: ts.Node; parent: ts.Node } {
  let child = node;
  let parent = node.parent;
  while (
    ts.isParenthesizedExpression(parent) ||
    ts.isAsExpression(parent) ||
    ts.isSatisfiesExpression(parent) ||
    ts.isNonNullExpression(parent) ||
    ts.isTypeAssertionExpression(parent)
  ) {
    child = parent;
    parent = parent.parent;
  }
  return { child, parent };
}

function short(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** The call `fn` is the callback of, when it is the first argument of a collection's `forEach`, `map`, `filter`, ... */
export function collectionCallbackOf(fn: ts.Node, checker: ts.TypeChecker): CollectionCallback | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const { child, parent: call } = carrierOf(fn);
  if (!ts.isCallExpression(call) || call.arguments[0] !== child || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  const method = call.expression.name.text;
  const use = CALLBACK_METHODS.get(method);
  if (use === undefined) return undefined;
  const type = checker.getNonNullableType(checker.getTypeAtLocation(call.expression.expression));
  const name = (type.getSymbol() ?? type.aliasSymbol)?.getName();
  const array = checker.isArrayLikeType(type);
  if (!array && (use !== 'drop' || name === undefined || !COLLECTIONS.has(name))) return undefined;
  return { call, method, use, receiver: short(call.expression.expression.getText(), 40), array };
}

/** Whether `fn` is declared `async`. */
export function isAsync(fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  return fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
}

/** The fix for a promise the callback of `cb` drops: a loop for `forEach` and `filter`, `Promise.all` for `map`. */
export function callbackFix(cb: CollectionCallback): string {
  if (cb.use === 'collect') return `write \`await Promise.all(${cb.receiver}.${cb.method}(...))\``;
  if (cb.use === 'drop') {
    const items = cb.array ? cb.receiver : `[...${cb.receiver}]`;
    return `await each call in a \`for (const … of ${cb.receiver})\` loop instead of .forEach, or all together: \`await Promise.all(${items}.map(...))\``;
  }
  return `await the calls first (\`const replies = await Promise.all(${cb.receiver}.map(...))\`), then ${cb.method} on the replies`;
}

/** The fix for a promise dropped as a statement inside a callback that is not async and cannot await it. */
export function statementInCallbackFix(cb: CollectionCallback): string {
  if (cb.use === 'collect') {
    return `return it from the callback (or make it async and await it there) and write \`await Promise.all(${cb.receiver}.${cb.method}(...))\``;
  }
  return callbackFix(cb);
}

/** What becomes of a promise returned by the callback of `cb` (an async callback's own promise included). */
export function returnedFate(cb: CollectionCallback): Fate {
  const fix = callbackFix(cb);
  const call = `${cb.receiver}.${cb.method}`;
  if (cb.use === 'drop') return { kind: 'dropped', why: `${call} drops what its callback returns`, fix };
  if (cb.use === 'test') return { kind: 'dropped', why: `${call} tests the promise its callback returns, not the reply`, fix };
  // `.map` collects the promises: they are dropped only with the array (a statement, or an `await` of the array itself).
  const { child, parent } = carrierOf(cb.call);
  if (ts.isExpressionStatement(parent)) return { kind: 'dropped', why: `the array ${call} returns is dropped`, fix };
  if (ts.isVariableDeclaration(parent) && parent.initializer === child && ts.isIdentifier(parent.name)) {
    return { kind: 'bound', name: parent.name, array: call };
  }
  if (ts.isAwaitExpression(parent)) {
    return { kind: 'dropped', why: `awaiting the array ${call} returns does not wait for the promises in it`, fix };
  }
  return { kind: 'consumed' };
}

/** The fate of a promise returned (an arrow's body or a `return`) from the function `fn`; consumed outside a collection's callback. */
export function fateOfReturned(fn: ts.Node | undefined, checker: ts.TypeChecker): Fate {
  // An async function's own promise carries it: that promise is checked where the function is passed.
  if (fn === undefined || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || isAsync(fn)) return { kind: 'consumed' };
  const cb = collectionCallbackOf(fn, checker);
  return cb === undefined ? { kind: 'consumed' } : returnedFate(cb);
}
