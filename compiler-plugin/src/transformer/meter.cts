// Gas metering inside the ts-patch transformer: the same charge points as the source instrumentation
// (src/gas/instrument.ts) made on the emitted syntax tree: every function, method, accessor, constructor and
// arrow body, and every loop body, starts with a call of the gas hook.
import type * as TS from 'typescript';

/** Inserts a call `hook(1)` at every charge point of `sf`; returns the new tree and how many points it has. */
function meterSourceFile(
  ts: typeof TS,
  ctx: TS.TransformationContext,
  sf: TS.SourceFile,
  hook: string,
): { file: TS.SourceFile; points: number } {
  const f = ctx.factory;
  let points = 0;
  const call = (): TS.CallExpression => f.createCallExpression(f.createIdentifier(hook), undefined, [f.createNumericLiteral(1)]);
  const statement = (): TS.Statement => f.createExpressionStatement(call());

  /** Where a constructor's charge goes: after its top-level `super(...)` statement, if it has one. */
  const chargeIndex = (owner: TS.Node, block: TS.Block): number => {
    if (!ts.isConstructorDeclaration(owner)) return 0;
    const i = block.statements.findIndex(
      (s) =>
        ts.isExpressionStatement(s) && ts.isCallExpression(s.expression) && s.expression.expression.kind === ts.SyntaxKind.SuperKeyword,
    );
    return i + 1;
  };

  const charged = (owner: TS.Node, body: TS.Node): TS.Node => {
    points++;
    if (ts.isBlock(body)) {
      const at = chargeIndex(owner, body);
      return f.updateBlock(body, [...body.statements.slice(0, at), statement(), ...body.statements.slice(at)]);
    }
    if (ts.isFunctionLike(owner)) {
      // An arrow's expression body: `(hook(1), (body))`.
      return f.createParenthesizedExpression(
        f.createBinaryExpression(call(), f.createToken(ts.SyntaxKind.CommaToken), f.createParenthesizedExpression(body as TS.Expression)),
      );
    }
    return f.createBlock([statement(), body as TS.Statement], true);
  };

  const targetOf = (node: TS.Node): TS.Node | undefined => {
    if (ts.isFunctionLike(node)) return (node as TS.FunctionLikeDeclaration).body;
    if (ts.isIterationStatement(node, false)) return node.statement;
    return undefined;
  };

  const visit = (node: TS.Node): TS.Node => {
    const target = targetOf(node);
    if (target === undefined) return ts.visitEachChild(node, visit, ctx);
    return ts.visitEachChild(
      node,
      (child) => {
        const visited = visit(child);
        return child === target ? charged(node, visited) : visited;
      },
      ctx,
    );
  };
  return { file: visit(sf) as TS.SourceFile, points };
}

export = meterSourceFile;
