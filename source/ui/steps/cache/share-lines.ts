import {MIN_GO} from '../../../core/cache/share/client.js';
import {planRows, SLOW_MS, type PlanRow} from '../../../core/cache/share/plan-lines.js';
import type {SharePhase} from './share-model.js';

/** The sub-screen's heading: what it does, in one sentence. */
export const SHARE_TITLE = 'Share the build cache with the team (GOCACHEPROG: gotune-cacher and a cache server such as gocached)';

/** What runs while the screen waits, for its busy line; undefined when nothing runs. */
export function shareBusy(phase: SharePhase): string | undefined {
	if (phase.step === 'go') return 'Reading the go version (GOCACHEPROG is go1.24 and later)';
	if (phase.step === 'planning')
		return `Checking ${phase.request.server}: reachable, answers go-tool-cache's protocol (a small entry stored and read back; up to 5 s)`;
	if (phase.step === 'applying') return phase.doing ?? 'starting';
	return undefined;
}

/** The plan under its labels, then the question; a failed server check instead says why and that nothing changed. */
export function sharePlanRows(phase: Extract<SharePhase, {step: 'plan'}>): {rows: PlanRow[]; question?: string; problem?: string} {
	const check = phase.plan.serverCheck;
	if (!check.ok) return {rows: [], problem: `${check.message}. Nothing was changed: the server must answer before go is pointed at it.`};
	return {
		rows: planRows(phase.plan),
		question: `Install the client and set GOCACHEPROG as one change set you can undo?${check.ms >= SLOW_MS ? ' The server is slow: every build waits on it.' : ''}`,
	};
}

/** What the old-go screen says: the release needed, and where the wizard installs or switches go. */
export function oldGoLines(goVersion: string): string[] {
	return [
		`The go in use is ${goVersion}: a shared build cache needs GOCACHEPROG, which is ${MIN_GO.label} and later.`,
		'The Toolchain step (1) installs a newer Go (i) or switches to one you have (g); come back here afterwards.',
	];
}
