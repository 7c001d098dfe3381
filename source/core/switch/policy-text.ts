import type {ToolchainChoice} from '../toolchain-select.js';

/** "runs go1.27.3 from the module cache" / "fails: go: ...": what go does here with one value, in one phrase. */
export function hereText(here: ToolchainChoice): string {
	if (here.error !== undefined) return `fails here: ${here.error}`;
	switch (here.location) {
		case 'base':
			return `runs ${here.runs} (the installed go) here`;
		case 'path':
			return `runs ${here.runs} from PATH (${here.binary}) here`;
		case 'module-cache':
			return `runs ${here.runs} from the module cache here`;
		case 'download':
			return `downloads ${here.runs} through GOPROXY on the next go command here, then runs it`;
		default:
			return `runs ${here.runs} here`;
	}
}
