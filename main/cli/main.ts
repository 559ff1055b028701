// The `gamelift-connect` entry point (bin/gamelift-connect.js loads it through tsx).
import { runCli } from './run';

const code = await runCli(process.argv.slice(2));
// Sessions leave SDK sockets and timers behind; once the command is done, the process is too.
process.stdout.write('', () => process.exit(code));
