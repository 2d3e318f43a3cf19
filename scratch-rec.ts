import { execFileSync } from 'node:child_process';
import { recoverTime } from './bench/node.js';
import { bundleActor } from './test/node/support.js';
const code = await bundleActor('examples/counter/counter.ts', 'Counter');
await recoverTime(code, Number(process.argv[2] ?? 20000), async (dir) => {
  const out = execFileSync(process.execPath, ['--conditions=@sprocket/source', '--cpu-prof', '--cpu-prof-dir=/tmp/nc-prof2', '--import', 'tsx', 'scratch-open.ts', dir], { env: { ...process.env } });
  console.log(out.toString());
});
