/**
 * The entry point, kept to a few lines on purpose. When the arguments are the wizard's (none, or only --sandbox and
 * --ascii), its code (Ink, React and the first screen: most of the start-up time) starts loading here, at the same
 * time as the argument parsing and sandbox set-up in main.ts, instead of after them. main.ts still decides what
 * runs; a guess that turns out wrong (say stdin is not a terminal) only loads code that is not used.
 */
const argv = process.argv.slice(2);
const wizard = process.stdout.isTTY && onlyWizardOptions(argv) ? import('./ui/run.js') : undefined;
// Load errors are reported where the wizard starts (main.ts), not as an unhandled rejection here.
wizard?.catch(() => undefined);
const {run} = await import('./main.js');
run(argv, wizard);

function onlyWizardOptions(args: string[]): boolean {
	for (let index = 0; index < args.length; index++) {
		const arg = args[index]!;
		if (arg === '--ascii' || arg.startsWith('--sandbox=')) continue;
		if (arg === '--sandbox' && index + 1 < args.length) {
			index++;
			continue;
		}
		return false;
	}
	return true;
}
