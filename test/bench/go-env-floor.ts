// The floor for `gotune doctor --json`: the least any Node tool can do to report Go's settings. Start Node, run
// `go env -json` once, print it. Bundled with the same tsup settings as gotune (execa included).
import {execa} from 'execa';

const {stdout} = await execa('go', ['env', '-json']);
process.stdout.write(`${stdout}\n`);
