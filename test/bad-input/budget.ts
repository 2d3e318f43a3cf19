/**
 * Run budgets of the bad-input and fuzz tests: `npm test` uses the fixed counts and seed written in the tests;
 * `npm run fuzz` sets SPROCKET_FUZZ_SCALE (a multiplier of every count) and may set SPROCKET_FUZZ_SEED.
 */
const scale = Number(process.env.SPROCKET_FUZZ_SCALE ?? '1');
const seedText = process.env.SPROCKET_FUZZ_SEED;

/** The number of runs for a property: `base`, times SPROCKET_FUZZ_SCALE under `npm run fuzz`. */
export function runs(base: number): number {
  return Number.isFinite(scale) && scale > 1 ? Math.round(base * scale) : base;
}

/** fast-check parameters: the run count and a seed (fixed unless SPROCKET_FUZZ_SEED says otherwise). */
export function budget(base: number, seed = 20_261_129): { numRuns: number; seed: number } {
  const s = seedText === undefined || seedText === '' ? seed : Number(seedText);
  return { numRuns: runs(base), seed: Number.isFinite(s) ? s : seed };
}
