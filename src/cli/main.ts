import { processIo } from './cli-io.ts';
import { runCli } from './program.ts';

// The `broadsheet` command on the real process. A failed command exits 1 at once, even if a connection lingers.
const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
if (code !== 0) setTimeout(() => process.exit(code), 1000).unref();
