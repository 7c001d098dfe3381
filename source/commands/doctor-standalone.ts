// Everything `gotune doctor` loads after cli.js, as one module: the build ships it as one file (tsup.config.ts).
export {startGoEnvAhead} from '../core/environment.js';
export {run} from './doctor.js';
