import { SprocketNode } from './node/src/node.js';
const t = performance.now();
const n = await SprocketNode.open({ dataDir: process.argv[2]!, blockTime: 0 });
console.log('open', (performance.now() - t) / 1000, n.executor.height);
await n.close();
