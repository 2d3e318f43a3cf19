// A lockstep child for lockstep.test.ts: `node --import tsx lockstep-child.ts NAME LOG [ok|die|hang]`. Its case
// appends NAME to the file LOG on every timed run, so the file records the order in which the parent ran them.
import { appendFileSync } from 'node:fs';
import { serveLockstep } from '../../bench/lockstep.js';

const [name = 'child', log = '', mode = 'ok'] = process.argv.slice(2);
if (mode === 'die') process.exit(3);
if (mode === 'hang') setInterval(() => {}, 60_000);
else {
  let runs = 0;
  const warmup = 1;
  await serveLockstep({
    row: { suite: 'fixture', case: 'lockstep', impl: name },
    warmup,
    n: 10,
    run: async () => {
      runs++;
      if (runs > warmup) appendFileSync(log, `${name}\n`);
    },
  });
  process.stdin.destroy();
}
