import path from 'node:path';
import {InstallFailure, InstallRefusal} from '../core/install/errors.js';
import type {InstallEvent} from '../core/install/events.js';
import {planInstall, runInstall, type InstallPlan, type InstallResult, type InstallSource} from '../core/install/install.js';
import {toolchainPolicy, type ToolchainPolicy} from '../core/install/toolchain-policy.js';
import {isCancelled} from '../core/task.js';
import {OperationError, UsageError, type CommandContext} from './context.js';
import {asCommandErrors} from './journal-output.js';
import {paint, styleFor, writeLine, type Style} from './output.js';
import {confirmThenRun, formatBytes, headlessTask} from './progress.js';

export async function run(context: CommandContext): Promise<number> {
	const {runtime, positionals, flags, stdout, stderr, usage} = context;
	const json = Boolean(flags['json']);
	const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
	const request = {
		version: positionals[0],
		prefix: typeof flags['prefix'] === 'string' ? flags['prefix'] : undefined,
		mirror: typeof flags['mirror'] === 'string' ? flags['mirror'] : undefined,
		from: fromFlag(flags['from'], usage),
		gotoolchain: typeof flags['gotoolchain'] === 'string' ? flags['gotoolchain'] : undefined,
	};
	return asCommandErrors(usage, () =>
		installErrors(usage, async () => {
			const planning = headlessTask<InstallEvent>(stderr, {describe});
			let plan: InstallPlan;
			try {
				plan = await planInstall(runtime, request, planning.context);
			} finally {
				planning.done();
			}
			const ran = await confirmThenRun<InstallEvent, InstallResult>(context, {
				json,
				plan: planLines(plan, runtime.env['HOME'], style),
				question: `Install ${plan.release.version} at ${plan.prefix}?`,
				declined: 'Not installed; nothing was changed.',
				describe,
				run: task => runInstall(runtime, plan, task),
			});
			if ('exitCode' in ran) return ran.exitCode;
			const {result} = ran;
			const policy = await toolchainPolicy(plan.goBin, runtime.env, runtime.cwd).catch(() => undefined);
			if (json) {
				const {version, prefix, source, archive, h1, setAside, startupFile, changeSet} = result;
				writeLine(stdout, JSON.stringify({version, prefix, source, archive, h1: h1 ?? null, setAside, startupFile, changeSet}, null, 2));
			} else {
				for (const line of resultLines(plan, result, policy, runtime.env['HOME'], style)) writeLine(stdout, line);
			}
			return 0;
		}),
	);
}

/** --from proxy|archive (absent: the archive site, the proxy when that site cannot be reached). */
function fromFlag(value: unknown, usage: string): InstallSource | undefined {
	if (value === undefined) return undefined;
	if (value === 'proxy' || value === 'archive') return value;
	throw new UsageError(
		`--from ${String(value)}: give --from proxy (the golang.org/toolchain module from GOPROXY, verified by GOSUMDB) or --from archive (the archive site, --mirror)`,
		usage,
	);
}

/** Core errors become the CLI's exit codes: refusals are bad input (2), failures exit 1, Ctrl-C exits 130. */
export async function installErrors(usage: string, work: () => Promise<number>): Promise<number> {
	try {
		return await work();
	} catch (error) {
		if (error instanceof InstallRefusal) throw new UsageError(error.message, usage);
		if (error instanceof InstallFailure) throw new OperationError(error.message);
		if (isCancelled(error)) return 130;
		throw error;
	}
}

function tilde(file: string, home: string | undefined): string {
	return home && (file === home || file.startsWith(`${home}/`)) ? `~${file.slice(home.length)}` : file;
}

export function planLines(plan: InstallPlan, home: string | undefined, style: Style): string[] {
	const lines = [
		paint(style, 'bold', `Install ${plan.release.version} from ${plan.mirror}`),
		plan.module
			? `  module    ${plan.module.path}@${plan.module.version}, verified against the checksum database ${plan.module.route.sumdb.name} before anything is extracted`
			: `  archive   ${plan.archive.filename}  ${formatBytes(plan.archive.size)}  sha256 ${plan.archive.sha256.slice(0, 16)}…`,
		`  into      ${plan.prefix}  (go will be ${plan.goBin})`,
	];
	if (plan.existing) {
		const what = plan.existing.version ?? `not a working go: ${plan.existing.error}`;
		lines.push(`  existing  ${plan.prefix} (${what}) is set aside, never deleted; it comes back on failure or with gotune rollback`);
	}
	if (plan.startup) {
		lines.push(`  PATH      adds a marked block to ${tilde(plan.startup.file, home)}; ${plan.startup.reason}:`);
		for (const line of plan.startup.lines) lines.push(`              ${line}`);
	} else if (plan.startupAlreadyDone) {
		lines.push(`  PATH      ${tilde(plan.startupAlreadyDone.file, home)} already has gotune's block for ${path.dirname(plan.goBin)}`);
	}
	if (plan.gotoolchain !== undefined) lines.push(`  GOENV     GOTOOLCHAIN=${plan.gotoolchain}`);
	for (const warning of plan.warnings) lines.push(paint(style, 'yellow', `  ! ${warning}`));
	lines.push(`  One change set: gotune rollback undoes all of it.`);
	return lines;
}

function resultLines(
	plan: InstallPlan,
	result: InstallResult,
	policy: ToolchainPolicy | undefined,
	home: string | undefined,
	style: Style,
): string[] {
	const lines = [
		'',
		`${paint(style, 'green', 'Installed')} ${result.version} at ${result.prefix} (change set #${result.changeSet}; undo: gotune rollback --last).`,
		`  downloaded ${formatBytes(result.archive.bytes)} in ${result.download.seconds.toFixed(1)} s, ${result.h1 ? `${result.h1} proven in ${result.sumdb?.name}'s signed tree (${result.sumdb?.treeSize} records)` : 'SHA-256 verified'}; extracted ${result.extract.files} files (${formatBytes(result.extract.bytes)}) in ${result.extract.seconds.toFixed(1)} s`,
	];
	if (result.setAside) lines.push(`  the previous tree is kept at ${result.setAside}`);
	if (result.startupFile) lines.push(`  new shells find it: PATH block added to ${tilde(result.startupFile, home)}`);
	lines.push(`  use it in this shell now:  ${plan.useNow}`);
	if (plan.currentWinner)
		lines.push(
			paint(
				style,
				'yellow',
				`  ! until then, go here is ${plan.currentWinner.path} (${plan.currentWinner.version?.raw ?? 'unknown version'})`,
			),
		);
	if (policy) {
		lines.push('', `GOTOOLCHAIN=${policy.value} (from ${policy.source}): ${policy.meaning}.`);
		if (policy.project) {
			const {compat} = policy.project;
			lines.push(`  ${tilde(policy.project.file, home)}: ${compat.message}`);
			if (compat.fix && compat.status !== 'ok') lines.push(paint(style, 'dim', `    ${compat.fix}`));
		}
		lines.push('  Other policies (gotune install-go ... --gotoolchain POLICY writes one through the journal):');
		for (const choice of policy.choices.filter(c => c.value !== policy.value))
			lines.push(`    ${choice.value.padEnd(16)} ${choice.meaning}`);
	}
	return lines;
}

function describe(event: InstallEvent): string | undefined {
	switch (event.kind) {
		case 'index':
			return `Reading the release index from ${event.url}`;
		case 'download': {
			const percent = event.total > 0 ? Math.floor((event.bytes / event.total) * 100) : 0;
			const rate = event.bytesPerSecond === null ? '' : `  ${formatBytes(event.bytesPerSecond)}/s`;
			const eta = event.etaSeconds === null ? '' : `  ETA ${Math.ceil(event.etaSeconds)} s`;
			const name = path.basename(new URL(event.url).pathname);
			// A proxy may send a module zip without a length: then only the bytes so far are known.
			if (event.total <= 0) return `Downloading ${name}  ${formatBytes(event.bytes)}${rate}`;
			return `Downloading ${name}  ${formatBytes(event.bytes)} / ${formatBytes(event.total)} (${percent}%)${rate}${eta}`;
		}
		case 'verify':
			return 'Verifying the SHA-256 checksum';
		case 'sumdb':
			return `Verifying with the checksum database ${event.name} (signed tree head, record, inclusion proof)`;
		case 'extract':
			return `Extracting  ${event.files} files, ${formatBytes(event.bytes)} (${event.total > 0 ? Math.floor((event.read / event.total) * 100) : 0}%)`;
		case 'journal': {
			const what = {
				'set-aside': 'Setting the previous tree aside',
				'put-dir': 'Putting the new tree in place',
				'startup-block': 'Adding the PATH block',
				goenv: 'Writing GOENV',
				'move-dir': 'Moving',
			}[event.progress.kind];
			return `${what} (step ${event.progress.step} of ${event.progress.of})`;
		}
		case 'check':
			return `Checking ${event.goBin} version`;
	}
}
