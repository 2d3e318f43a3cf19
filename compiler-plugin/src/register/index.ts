// `node --import @sprocket/compiler-plugin/register script.ts`: runs a TypeScript script with tsx and its contract
// code gas-metered as in tests. It registers the gas hook (./hooks.ts) first and tsx after it: Node runs hooks last
// registered first, so tsx asks the gas hook for a module's TypeScript source, and the hook instruments the source
// the vitest plugin instruments, before tsx's transpiler adds helpers of its own. One entry keeps that order; tsx
// loaded before it (`--import tsx` first) would hand the hook JavaScript, so that is refused.
import Module, { register } from 'node:module';
import { CompilerError } from '../errors.js';
import { meterCommonJsModules } from './commonjs.js';

/** Node flags that loaded tsx (`--import tsx`, `--loader tsx`, tsx's CLI loader), from the command line or NODE_OPTIONS. */
function tsxFlags(): string[] {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/).filter((a) => a !== '')];
  const found: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = /^--(import|loader|experimental-loader)=(.*)$/.exec(arg);
    const flag = eq === null ? /^--(import|loader|experimental-loader)$/.exec(arg) : eq;
    if (flag === null) continue;
    const value = eq === null ? (args[++i] ?? '') : (eq[2] ?? '');
    if (/^tsx(\/|$)/.test(value) || /[\\/]node_modules[\\/]tsx[\\/]/.test(value)) found.push(`--${flag[1] ?? 'import'} ${value}`);
  }
  return found;
}

const already = tsxFlags();
if (already.length > 0) {
  throw new CompilerError(
    'REGISTER_TSX_LOADED',
    `@sprocket/compiler-plugin/register loads tsx itself, after its gas hook, but tsx is loaded separately too (${already.join(', ')}); ` +
      'tsx loaded first would hand the gas hook JavaScript and contract code would run unmetered. Drop `--import tsx` and keep only ' +
      '`--import @sprocket/compiler-plugin/register`.',
  );
}

register('./hooks.js', import.meta.url);

/** tsx's own `--import` entry (a variable: tsx publishes no types for it). */
const TSX = 'tsx';
try {
  await import(TSX);
} catch (error) {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' || !String(message).includes(`'${TSX}'`)) throw error;
  throw new CompilerError(
    'REGISTER_TSX_MISSING',
    '@sprocket/compiler-plugin/register runs TypeScript with tsx, which is not installed: `npm install --save-dev tsx`',
    { cause: error },
  );
}

// tsx has installed its `require` handlers: actor modules loaded as CommonJS are metered through them (./commonjs.ts).
meterCommonJsModules((Module as unknown as { _extensions: Parameters<typeof meterCommonJsModules>[0] })._extensions);
