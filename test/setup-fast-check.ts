// Property tests repeat exactly: one fixed fast-check seed for every run of `npm test`
// (`npm run fuzz` sets SPROCKET_FUZZ_SEED to explore other seeds).
import fc from 'fast-check';

const seedText = process.env.SPROCKET_FUZZ_SEED;
fc.configureGlobal({ seed: seedText === undefined || seedText === '' ? 20261129 : Number(seedText) });
