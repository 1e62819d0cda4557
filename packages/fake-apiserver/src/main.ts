// The `kcache-fake-apiserver` executable, loaded by bin.ts once the Node.js version is known to be supported.
import { runFakeApiServerCli } from './cli.js';

process.exitCode = await runFakeApiServerCli(process.argv.slice(2));
