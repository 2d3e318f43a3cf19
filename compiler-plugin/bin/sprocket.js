#!/usr/bin/env node
// The `sprocket` command (see `sprocket --help`). Runs the compiled CLI from dist/.
import { run } from '../dist/cli/main.js';

await run();
