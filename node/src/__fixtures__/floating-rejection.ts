// Run as a child process by contract-rejections.test.ts: loads code that leaves rejected promises unhandled
// (at load and from a handler-like function), or, with `host`, leaves one unhandled in the host itself.
import { BlockClock, loadCode } from '../sandbox.js';

const mode = process.argv[2];
if (mode === 'host') {
  void Promise.reject(new Error('a rejection of the host'));
} else {
  const text = `Promise.reject(new Error('floating at load'));
    (async () => { throw new Error('floating async'); })();
    class Sub extends Promise {}
    Sub.reject(new Error('floating subclass'));`;
  try {
    loadCode(new TextEncoder().encode(text), new BlockClock());
  } catch (error) {
    console.log(`refused ${(error as { code?: string }).code}`);
  }
}
setTimeout(() => console.log('alive'), 50);
