import {render} from 'ink';
import {localeIsUtf8} from '../core/env.js';
import type {Runtime} from '../core/runtime.js';
import {App, EXIT_INTERRUPTED} from './app.js';
import {asciiStream} from './ascii-output.js';
import {createServices} from './services.js';

/** Redraws at most this often: spinner and scroll stay smooth, a slow SSH link gets a third of Ink's default. */
const MAX_FPS = 12;

export async function runWizardApp(runtime: Runtime, {ascii}: {ascii: boolean}): Promise<number> {
	let code = 0;
	// Changes recorded from now on are "this run" for the end-of-run summary (same rule as the rollback log's U).
	const startedAt = new Date().toISOString();
	// Same rule as `gotune doctor`: a dumb terminal gets the ASCII look without being asked; so does a locale that is
	// not UTF-8 (core/env.ts), where Unicode borders would come out garbled.
	const plain = ascii || runtime.env['TERM'] === 'dumb' || !localeIsUtf8(runtime.env);
	const instance = render(
		<App services={createServices(runtime)} ascii={plain} sandbox={runtime.sandbox} onExit={exitCode => (code = exitCode)} />,
		// Ink's own Ctrl-C handling exits 0; the app handles it to exit 130. Incremental rendering (only changed lines
		// are sent) is fixed for Ink 6.8 at install: see patches/README.md.
		{exitOnCtrlC: false, maxFps: MAX_FPS, incrementalRendering: true, ...(plain ? {stdout: asciiStream(process.stdout)} : {})},
	);
	// Before raw mode is on (the first ~50 ms) the tty driver turns Ctrl-C into SIGINT: treat it the same way.
	const onSigint = () => {
		code = EXIT_INTERRUPTED;
		instance.unmount();
	};
	process.once('SIGINT', onSigint);
	try {
		await instance.waitUntilExit();
	} finally {
		process.off('SIGINT', onSigint);
	}
	// Unmounting aborted any running task (a build, a copy, a probe): let it remove its scratch files and stop its
	// processes before the process exits (bounded: a user who quit does not wait long).
	const {settleRuns} = await import('../core/task.js');
	await settleRuns(5000);
	if (code === 0) {
		const {offerRunProfile} = await import('./end-of-run.js');
		code =
			(await offerRunProfile(runtime, startedAt, process).catch((error: Error) => {
				process.stderr.write(`gotune: ${error.message}\n`);
				return 1;
			})) ?? code;
	}
	// Ink has restored the terminal. go runs or the release-table fetch may still be in flight; a user who
	// quit should not wait for them (execa kills its children on exit).
	process.exit(code);
}
