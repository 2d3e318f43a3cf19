// Gas instrumentation of contract code (see instrument.ts).
export {
  GAS_HOOK_EXPORT,
  GAS_HOOK_LOCAL,
  GAS_HOOK_MODULE,
  GAS_PER_STEP,
  type GasInstrumentation,
  type GasOptions,
  instrumentBundle,
  instrumentGas,
  unmeteredImports,
} from './instrument.js';
export { isMeteredModule } from './select.js';
