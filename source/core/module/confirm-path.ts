import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {nonEmpty} from '../env.js';
import {goError, type GoAdapter} from '../go-adapter.js';
import {validateModulePath, type PathContext, type PathVerdict} from './validate-path.js';

export type GoConfirmation =
	| {kind: 'accepted'}
	| {kind: 'refused'; goMessage: string}
	/** Go failed for a reason that has nothing to do with the path (broken GOFLAGS, missing binary...). */
	| {kind: 'go-failed'; goMessage: string};

/** Env for go runs that must not switch toolchains (no download, no hang) or pick up a go.work. */
export const LOCAL_ONLY = {GOTOOLCHAIN: 'local', GOWORK: 'off'} as const;

/**
 * Asks the installed go itself: `go mod init -- PATH` in an empty scratch directory, which is then removed.
 * `--` so that a path starting with "-" reaches Go's path check instead of its flag parser.
 */
export async function confirmWithGo(go: GoAdapter, modulePath: string): Promise<GoConfirmation> {
	const scratchRoot = nonEmpty(go.env, 'TMPDIR') ?? os.tmpdir();
	const scratch = await mkdtemp(path.join(scratchRoot, 'gotune-modcheck-'));
	try {
		const run = await go.run(['mod', 'init', '--', modulePath], {cwd: scratch, env: LOCAL_ONLY, timeoutMs: 30_000});
		if (run.exitCode === 0) return {kind: 'accepted'};
		const message = run.stderr.trim();
		if (/^go: (malformed|invalid) module path /.test(message)) return {kind: 'refused', goMessage: message};
		return {kind: 'go-failed', goMessage: goError(run)};
	} finally {
		await rm(scratch, {recursive: true, force: true});
	}
}

export type FinalVerdict = {
	/** gotune's pure verdict, with explanations and warnings. */
	verdict: PathVerdict;
	go: GoConfirmation;
	/** True when Go and the pure check disagree; Go's answer wins and the explanation says so. */
	disagreement: boolean;
};

/** The verdict the wizard and `gotune init` act on: gotune's explanation, Go's decision. */
export async function finalVerdict(go: GoAdapter, modulePath: string, context: PathContext = {}): Promise<FinalVerdict> {
	const verdict = validateModulePath(modulePath, context);
	const confirmation = await confirmWithGo(go, modulePath);
	if (confirmation.kind === 'go-failed') return {verdict, go: confirmation, disagreement: false};
	const goAccepts = confirmation.kind === 'accepted';
	if (goAccepts === verdict.accepted) {
		// Same decision: show Go's own words for a refusal.
		const same = verdict.accepted ? verdict : {...verdict, goMessage: (confirmation as {goMessage: string}).goMessage};
		return {verdict: same, go: confirmation, disagreement: false};
	}
	const overridden: PathVerdict = goAccepts
		? {accepted: true, path: modulePath, warnings: verdict.warnings}
		: {
				accepted: false,
				path: modulePath,
				goMessage: (confirmation as {goMessage: string}).goMessage,
				explanation: 'The installed go refuses this path.',
				warnings: [],
			};
	return {verdict: overridden, go: confirmation, disagreement: true};
}
