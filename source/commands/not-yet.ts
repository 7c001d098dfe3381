import type {CommandContext} from './context.js';

/** Commands whose issues are still open: say so plainly instead of pretending. */
export async function run({stderr, command}: CommandContext): Promise<number> {
	stderr.write(
		`gotune ${command} is part of gotune's command set but is not built yet in this version. Run gotune doctor for the checks available today.\n`,
	);
	return 1;
}
