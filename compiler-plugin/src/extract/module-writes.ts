// SPK1037: an actor that writes a variable of its module. On a node, every actor deployed from one code runs the same
// loaded module, so such a variable is shared between them; it is not state, so a failed segment does not roll it
// back, and a restarted node that rebuilds state from a checkpoint starts it from its initial value: what the actor
// computes from it then differs between a live run and its replay. This finds the plain cases from the syntax and the
// checker: an assignment, `++`/`--` or `delete` on the variable or below it (`hits++`, `cache.n = 1`), and a
// mutating method of an array, Map or Set held there (`seen.add(x)`, `log.items.push(x)`). Writes through a function
// declared outside the class, or through an alias (`const c = cache; c.set(…)`), are not followed.
import { ts } from 'ts-morph';
import type { Report } from './map-context.js';
import { ARRAY_WRITES, ASSIGNMENTS, bare, COLLECTION_WRITES } from './write-syntax.js';

/** Collection classes whose `COLLECTION_WRITES` methods write. */
const COLLECTIONS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet']);

/** The identifier an access chain starts from (`a` of `a.b[c].d`), or undefined when it starts elsewhere (`this`, a call). */
function chainRoot(node: ts.Expression): ts.Identifier | undefined {
  let e = bare(node);
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = bare(e.expression);
  return ts.isIdentifier(e) ? e : undefined;
}

/** Whether `declaration` is a variable of a module's top level (`let n = 0`, `const cache = new Map()`, destructured too). */
function isModuleVariable(declaration: ts.Declaration): boolean {
  let d: ts.Node = declaration;
  while (ts.isBindingElement(d) || ts.isObjectBindingPattern(d) || ts.isArrayBindingPattern(d)) d = d.parent;
  if (!ts.isVariableDeclaration(d)) return false;
  const list = d.parent;
  return ts.isVariableDeclarationList(list) && ts.isVariableStatement(list.parent) && ts.isSourceFile(list.parent.parent);
}

/** The module variable a write through `target` reaches, by name; undefined when it reaches none. */
function moduleVariableOf(target: ts.Expression, checker: ts.TypeChecker): string | undefined {
  const root = chainRoot(target);
  if (root === undefined) return undefined;
  const declaration = checker.getSymbolAtLocation(root)?.valueDeclaration;
  return declaration !== undefined && isModuleVariable(declaration) ? root.text : undefined;
}

/** Whether `type` is an array or tuple (`'array'`), a Map or Set (`'collection'`), or neither. */
function collectionKind(type: ts.Type, checker: ts.TypeChecker): 'array' | 'collection' | undefined {
  const t = checker.getNonNullableType(type);
  if (checker.isArrayType(t) || checker.isTupleType(t)) return 'array';
  const name = t.getSymbol()?.getName();
  return name !== undefined && COLLECTIONS.has(name) ? 'collection' : undefined;
}

/** What `node` does to a module variable, in words, and the variable's name; undefined when it writes none. */
function moduleWriteOf(node: ts.Node, checker: ts.TypeChecker): { what: string; name: string } | undefined {
  let target: ts.Expression | undefined;
  let verb = '';
  if (ts.isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind)) {
    target = node.left;
    verb = 'assigns to';
  } else if (
    (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
    (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
  ) {
    target = node.operand;
    verb = node.operator === ts.SyntaxKind.PlusPlusToken ? 'increments' : 'decrements';
  } else if (ts.isDeleteExpression(node)) {
    target = node.expression;
    verb = 'deletes from';
  } else if (ts.isCallExpression(node)) {
    const callee = bare(node.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    if (!ARRAY_WRITES.has(method) && !COLLECTION_WRITES.has(method)) return undefined;
    const name = moduleVariableOf(callee.expression, checker);
    if (name === undefined) return undefined;
    const kind = collectionKind(checker.getTypeAtLocation(callee.expression), checker);
    const writes = (kind === 'array' && ARRAY_WRITES.has(method)) || (kind === 'collection' && COLLECTION_WRITES.has(method));
    return writes ? { what: `calls ${method}() on`, name } : undefined;
  }
  if (target === undefined) return undefined;
  const name = moduleVariableOf(target, checker);
  return name === undefined ? undefined : { what: verb, name };
}

/** Whether a class member runs per actor (a method, constructor, accessor or instance field), not once at load. */
function runsPerActor(member: ts.ClassElement): boolean {
  if (ts.isClassStaticBlockDeclaration(member)) return false;
  const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
  return !modifiers.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
}

/** The name of a class member for messages (`constructor` for the constructor). */
function memberName(member: ts.ClassElement): string {
  if (ts.isConstructorDeclaration(member)) return 'constructor';
  const name = member.name;
  return name !== undefined && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name)) ? name.text : 'member';
}

/** Warns (SPK1037) at each write to a variable of the module in the methods, constructor and fields of an actor class. */
export function checkModuleWrites(cls: ts.ClassDeclaration, className: string, checker: ts.TypeChecker, warn: Report): void {
  for (const member of cls.members) {
    if (!runsPerActor(member)) continue;
    const where = `${className}.${memberName(member)}`;
    const visit = (node: ts.Node): void => {
      const write = moduleWriteOf(node, checker);
      if (write !== undefined) {
        const text = node.getText();
        const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
        warn(
          'SPK1037',
          node,
          `${where} ${write.what} the module variable ${write.name} (\`${shown}\`): on a node every actor of this code shares it, a failed segment does not roll it back, and a restart does not keep it`,
          `keep it in a field of the actor (this.${write.name}), or only read it`,
        );
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(member, visit);
  }
}
