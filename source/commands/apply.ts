import path from 'node:path';
import {openJournal, type ChangeSet, type PlannedChange} from '../core/journal/index.js';
import {GoAdapter} from '../core/go-adapter.js';
import {maskSecrets} from '../core/mask.js';
import {goRequirements, lintSettings, readProfile, type GoRequirement, type Profile} from '../core/profile/index.js';
import {parseGoVersionOutput} from '../core/version.js';
import {resolveGo} from '../core/go-resolver.js';
import type {Runtime} from '../core/runtime.js';
import {applyProfileWithShare, planProfileShare, shareInPlace, type ProfileShare, type ShareEvent} from '../core/cache/share/index.js';
import {maskSetting} from '../core/mask.js';
import {isCancelled} from '../core/task.js';
import {planLines as sharePlanLines} from './cache-share.js';
import {asCommandErrors, confirm, jsonState, showState} from './journal-output.js';
import {headlessTask} from './progress.js';
import {paint, styleFor, writeLine} from './output.js';
import type {CommandContext} from './context.js';

type GoCheck = {
	version: string | null;
	minVersion: string | null;
	toolchain: string | null;
	ok: boolean | null;
	requirements: GoRequirement[];
};

export async function run(context: CommandContext): Promise<number> {
	const {runtime, positionals, flags, stdout, usage: USAGE} = context;
	const file = path.resolve(runtime.cwd, positionals[0]!);
	return asCommandErrors(USAGE, async () => {
		const profile = await readProfile(file);
		const journal = openJournal(runtime);
		const origin = `profile:${file}`;
		const changes = Object.entries(profile.env).map(([key, value]) => ({key, value}));
		const [plan, goCheck, interrupted, share] = await Promise.all([
			journal.plan(changes),
			checkGo(runtime, profile),
			journal.interrupted(),
			planBuildCache(runtime, profile),
		]);
		const toFinish = interrupted.filter(set => set.origin === origin);
		const others = interrupted.filter(set => set.origin !== origin);
		const pending = plan.filter(p => !p.unchanged).length + (share?.share.ok && !shareInPlace(share.share) ? 1 : 0);
		const problems = lintSettings(profile);
		const json = Boolean(flags['json']);
		const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));

		if (!json) {
			writeLine(
				stdout,
				paint(style, 'bold', `Profile ${file}${profile.name ? ` (${maskSecrets(profile.name)})` : ''} → ${journal.goenvFile}`),
			);
			if (profile.description) writeLine(stdout, `  ${maskSecrets(profile.description)}`);
			for (const line of planLines(plan, profile.reasons)) writeLine(stdout, line);
			for (const requirement of goCheck?.requirements ?? []) writeLine(stdout, goLine(requirement));
			if (share?.share.ok) for (const line of sharePlanLines(share.share.plan)) writeLine(stdout, `  ${line}`);
			else if (share && !share.share.ok) writeLine(stdout, `! buildCache not set up: ${maskSecrets(share.share.problem)}`);
			for (const problem of problems) writeLine(stdout, `! ${problem.key}: ${maskSecrets(problem.message)}`);
			for (const set of toFinish) writeLine(stdout, `! change set #${set.id} from this profile was interrupted; applying finishes it.`);
			for (const set of others)
				writeLine(
					stdout,
					`! change set #${set.id} (${maskSecrets(set.origin)}) was interrupted: gotune rollback --to ${set.id} undoes it.`,
				);
		}
		const report = (applied: boolean, changeSet?: ChangeSet, finished: string[] = []) => {
			if (!json) return;
			writeLine(
				stdout,
				JSON.stringify(
					{
						profile: file,
						goenvFile: journal.goenvFile ?? null,
						...(profile.description ? {description: maskSecrets(profile.description)} : {}),
						go: goCheck ? {version: goCheck.version, minVersion: goCheck.minVersion, toolchain: goCheck.toolchain, ok: goCheck.ok} : null,
						problems: problems.map(p => ({...p, message: maskSecrets(p.message)})),
						buildCache: share ? buildCacheJson(share.share) : null,
						plan: plan.map(p => ({
							key: p.key,
							before: jsonState(p.before, p.key),
							after: jsonState(p.after, p.key),
							unchanged: p.unchanged,
							...(profile.reasons?.[p.key] ? {reason: maskSecrets(profile.reasons[p.key]!)} : {}),
							...(p.shadowedBy ? {shadowedBy: maskSecrets(p.shadowedBy)} : {}),
						})),
						interrupted: interrupted.map(set => set.id),
						finished,
						applied,
						changeSet: changeSet?.id ?? null,
					},
					null,
					2,
				),
			);
		};

		if (flags['dry-run']) {
			if (!json) writeLine(stdout, `\nDry run: nothing written (${pending} change${pending === 1 ? '' : 's'} planned).`);
			report(false);
			return 0;
		}
		// A buildCache that cannot be set up stays a problem to act on (exit 1) when the keys need nothing, as after applying.
		const shareProblem = share !== undefined && !share.share.ok;
		if (pending === 0 && toFinish.length === 0) {
			if (!json) writeLine(stdout, "\nNothing to change: every key already has the profile's value.");
			report(false);
			return shareProblem ? 1 : 0;
		}
		const answer = await confirm(context, `Apply ${pending} change${pending === 1 ? '' : 's'} to ${journal.goenvFile}?`, USAGE);
		if (answer === 'interrupted') return 130;
		if (answer === 'no') {
			if (!json) writeLine(stdout, 'Not applied; nothing was written.');
			report(false);
			return 1;
		}
		const finished: string[] = [];
		for (const set of toFinish) {
			await journal.finish(set.id);
			finished.push(set.id);
			if (!json) writeLine(stdout, `Finished interrupted change set #${set.id}.`);
		}
		const task = headlessTask<ShareEvent>(context.stderr, {
			describe: event =>
				event.kind === 'install' ? `go install ${event.query}` : event.kind === 'journal' ? 'writing the profile' : 'checking the client',
		});
		let changeSet;
		try {
			changeSet = await applyProfileWithShare(share?.go, journal, changes, share?.share, origin, task.context);
		} catch (error) {
			if (isCancelled(error)) {
				context.stderr.write('gotune: cancelled; nothing changed.\n');
				return 130;
			}
			throw error;
		} finally {
			task.done();
		}
		if (!json) {
			writeLine(
				stdout,
				changeSet
					? `\n${paint(style, 'green', 'Applied')} change set #${changeSet.id} (${changeSet.entries.length} key${changeSet.entries.length === 1 ? '' : 's'}). Undo: gotune rollback --last (or --to ${changeSet.id}).`
					: '\nNothing left to change.',
			);
		}
		report(changeSet !== undefined || finished.length > 0, changeSet, finished);
		return shareProblem ? 1 : 0;
	});
}

/** The plan, one line per key, with the profile's reason for a key under it and a warning when the OS overrides it. */
export function planLines(plan: PlannedChange[], reasons: Record<string, string> = {}): string[] {
	const width = Math.max(0, ...plan.map(p => p.key.length));
	const lines: string[] = [];
	for (const p of plan) {
		const target = {kind: 'goenv', key: p.key} as const;
		const change = p.unchanged
			? `${showState(p.after, target)} (unchanged)`
			: `${showState(p.before, target)} → ${showState(p.after, target)}`;
		lines.push(`  ${p.key.padEnd(width)}  ${change}`);
		const reason = Object.hasOwn(reasons, p.key) ? reasons[p.key] : undefined;
		if (reason !== undefined) lines.push(`  ${' '.repeat(width)}  why: ${maskSecrets(reason)}`);
		if (p.shadowedBy !== undefined) {
			lines.push(
				`  ${' '.repeat(width)}  ! the OS environment sets ${p.key}=${maskSecrets(p.shadowedBy)}, which overrides the file: unset it in your shell start-up file for this to take effect`,
			);
		}
	}
	return lines;
}

/** The profile's buildCache planned as gotune cache share plans it; undefined without one or without go. */
async function planBuildCache(runtime: Runtime, profile: Profile): Promise<{go: GoAdapter; share: ProfileShare} | undefined> {
	if (profile.buildCache === undefined) return undefined;
	const goBin = await resolveGo(runtime.env);
	if (goBin === undefined) return undefined;
	const go = new GoAdapter(goBin, runtime.env, runtime.cwd);
	return {go, share: await planProfileShare(go, profile.buildCache, profile.env)};
}

function buildCacheJson(share: ProfileShare) {
	if (!share.ok) return {ok: false, server: share.server, problem: maskSecrets(share.problem)};
	const {plan} = share;
	return {
		ok: true,
		server: plan.serverCheck.server,
		client: plan.client.query,
		binary: plan.binary,
		gocacheprog: maskSetting('GOCACHEPROG', plan.value),
		...(plan.goflags !== undefined ? {goflags: plan.goflags} : {}),
	};
}

async function checkGo(runtime: Runtime, profile: Profile): Promise<GoCheck | undefined> {
	if (profile.go === undefined) return undefined;
	const goBin = await resolveGo(runtime.env);
	// Ask the binary itself, ignoring settings that could lock it out (go-facts §1.5, §1.7).
	const run = goBin
		? await new GoAdapter(goBin, runtime.env).run(['version'], {
				env: {GOENV: 'off', GOTOOLCHAIN: 'local', GOROOT: undefined, GOFLAGS: undefined},
				timeoutMs: 15_000,
			})
		: undefined;
	const version = run?.exitCode === 0 ? parseGoVersionOutput(run.stdout) : undefined;
	const requirements = goRequirements(profile, version);
	return {
		version: version?.raw ?? null,
		minVersion: profile.go.minVersion ?? null,
		toolchain: profile.go.toolchain ?? null,
		ok: requirements.some(r => r.ok === false) ? false : requirements.every(r => r.ok === true) ? true : null,
		requirements,
	};
}

function goLine(requirement: GoRequirement): string {
	return requirement.ok === true ? `  ${requirement.message}` : `! ${requirement.message}: ${requirement.fix}`;
}
