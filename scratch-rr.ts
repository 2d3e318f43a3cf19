import { runNodeBench } from './bench/node.js';
process.env.SKIP_RECOVER = '1';
console.log(JSON.stringify(await runNodeBench()));
