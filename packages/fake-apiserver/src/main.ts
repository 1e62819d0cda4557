#!/usr/bin/env node
import { runFakeApiServerCli } from './cli.js';

process.exitCode = await runFakeApiServerCli(process.argv.slice(2));
