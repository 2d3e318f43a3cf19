// A vitest setup file, added to every project's `setupFiles` by the Sprocket plugin when the gas report is on: it
// installs the worker's collector before the test file loads, and after every test (and at the end of the file, for
// hooks and module-level work) moves what the test systems recorded into the task's `meta`. Vitest sends `meta` to
// the main process with the task's result, whatever the pool (threads, forks) and however many workers there are.
import { afterAll, afterEach } from 'vitest';
import { installWorkerSink } from './worker.js';

const sink = installWorkerSink();

afterEach(({ task }) => {
  sink.drainInto(task.meta as Record<string, unknown>);
});

// Vitest reads a hook's first parameter for fixtures and wants it destructured; the file's task comes second.
// biome-ignore lint/correctness/noEmptyPattern: the context is not used
afterAll(({}, suite) => {
  sink.drainInto(suite.meta as Record<string, unknown>);
});
