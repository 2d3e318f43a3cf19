#!/usr/bin/env node
// The `sprocket-node` bin: the same as `sprocket node`.
import { runNodeCli } from '../dist/cli.js';

process.exitCode = await runNodeCli(process.argv.slice(2));
