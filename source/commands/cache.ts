import {GoAdapter} from '../core/go-adapter.js';
import {
	CACHE_KEY,
	CLEAN_EFFECT,
	CLEAN_KINDS,
	cleanCache,
	cleanTarget,
	inspectCaches,
	locateCaches,
	measureCache,
	planMoves,
	rateAndEta,
	runMoves,
	CopyVerificationError,
	type CacheKind,
	type CacheReport,
	type CleanKind,
	type InspectEvent,
	type MoveEvent,
	type MovePlan,
} from '../core/cache/index.js';
import {openJournal} from '../core/journal/index.js';
import {isCancelled} from '../core/task.js';
import {markPhase, phaseTimings, startPhaseTiming} from '../core/phase-timing.js';
import {resolveGo} from '../core/go-resolver.js';
import {SOURCE_WORDS} from '../core/provenance.js';
import {OperationError, UsageError, type CommandContext} from './context.js';
import {asCommandErrors, confirm} from './journal-output.js';
import {formatBytes, headlessTask} from './progress.js';
import {paint, styleFor, writeLine} from './output.js';

/** Journal origin of cache moves: history shows it, and an interrupted one blocks the next move until resolved. */
export const CACHE_ORIGIN = 'cli:cache move';

let USAGE = 'gotune cache';

export async function run(context: CommandContext): Promise<number> {
	USAGE = context.usage;
	const [sub, ...rest] = context.positionals;
	if (sub === undefined) return show(context);
	if (sub === 'move') {
		if (rest.length > 0)
			throw new UsageError(`unexpected argument "${rest[0]}": the targets are --gocache DIR and --gomodcache DIR`, USAGE);
		return move(context);
	}
	if (sub === 'clean') return clean(context, rest[0]);
	if (sub === 'share') {
		if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}": the server is --server URL`, USAGE);
		return (await import('./cache-share.js')).runShare(context, USAGE);
	}
	throw new UsageError(
		`unknown cache subcommand "${sub}"; use gotune cache, gotune cache move, gotune cache clean or gotune cache share`,
		USAGE,
	);
}

async function goFor(context: CommandContext): Promise<GoAdapter> {
	const goBin = await resolveGo(context.runtime.env);
	if (goBin === undefined) throw new OperationError('no go command on PATH: install Go (https://go.dev/dl) and run this again');
	return new GoAdapter(goBin, context.runtime.env, context.runtime.cwd);
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function countLine(key: string, files: number, bytes: number): string {
	return `counting ${key}: ${plural(files, 'file')}, ${formatBytes(bytes)}`;
}

// ---- gotune cache ----

async function show(context: CommandContext): Promise<number> {
	const {flags, stdout, stderr, runtime} = context;
	const go = await goFor(context);
	const task = headlessTask<InspectEvent>(stderr, {
		describe: event => (event.type === 'counting' ? countLine(CACHE_KEY[event.kind], event.files, event.bytes) : undefined),
	});
	let reports;
	try {
		reports = await inspectCaches({go}, task.context);
	} catch (error) {
		if (isCancelled(error)) return 130;
		throw new OperationError(`cannot read go's settings: ${(error as Error).message}`);
	} finally {
		task.done();
	}
	if (flags['json']) {
		writeLine(stdout, JSON.stringify({gocache: jsonReport(reports.gocache), gomodcache: jsonReport(reports.gomodcache)}, null, 2));
	} else {
		const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
		for (const report of [reports.gocache, reports.gomodcache]) for (const line of reportLines(report, style)) writeLine(stdout, line);
	}
	return reports.gocache.error || reports.gomodcache.error ? 1 : 0;
}

export function jsonReport(report: CacheReport) {
	return {
		path: report.path,
		source: report.source,
		exists: report.exists,
		bytes: report.bytes,
		files: report.files,
		filesystem: report.filesystem,
		mountPoint: report.mountPoint,
		freeBytes: report.freeBytes,
		warnings: report.warnings,
		...(report.kind === 'gomodcache'
			? {modules: report.modules ?? null, versions: report.versions ?? null, toolchains: report.toolchains ?? []}
			: {}),
		...(report.unusable ? {unusable: report.unusable} : {}),
		...(report.error ? {error: report.error} : {}),
		...(report.linkTarget ? {linkTarget: report.linkTarget} : {}),
		...(report.shared ? {shared: report.shared} : {}),
	};
}

function reportLines(report: CacheReport, style: ReturnType<typeof styleFor>): string[] {
	const lines = [paint(style, 'bold', `${report.key}  ${report.path}`) + `  (${SOURCE_WORDS[report.source]})`];
	if (report.unusable) lines.push(`  ! ${report.unusable}`);
	else if (report.error) lines.push(`  ! could not count it: ${report.error}`);
	else if (!report.exists) lines.push('  does not exist yet (go creates it on first use)');
	else lines.push(`  ${formatBytes(report.bytes ?? 0)} in ${plural(report.files ?? 0, 'file')}`);
	if (report.shared)
		lines.push(
			`  shared through GOCACHEPROG: ${report.shared.shown}${report.shared.binaryExists ? '' : ' (! the program is missing: every go command fails)'}`,
		);
	if (report.linkTarget) lines.push(`  a symbolic link to ${report.linkTarget}: counted there (gotune cache move moves that directory)`);
	if (report.kind === 'gomodcache' && report.exists && report.modules !== null && report.modules !== undefined) {
		lines.push(`  ${plural(report.modules, 'module')}, ${plural(report.versions ?? 0, 'version')}`);
		for (const toolchain of report.toolchains ?? [])
			lines.push(`  toolchain ${toolchain.version} ${toolchain.platform}${toolchain.dir ? '' : ' (zip only)'}`);
	}
	if (report.filesystem !== null)
		lines.push(`  on ${report.filesystem} at ${report.mountPoint}, ${formatBytes(report.freeBytes ?? 0)} free`);
	for (const warning of report.warnings) lines.push(`  ${paint(style, 'yellow', '!')} ${warning.message}`);
	lines.push('');
	return lines;
}

// ---- gotune cache move ----

function moveProgress(event: MoveEvent): string | undefined {
	if (event.type === 'counting') return countLine(CACHE_KEY[event.kind], event.files, event.bytes);
	if (event.type === 'step') return event.action === 'goenv' ? `setting ${CACHE_KEY[event.kind]}` : `moving ${CACHE_KEY[event.kind]}`;
	const {progress, elapsedMs} = event;
	const key = CACHE_KEY[event.kind];
	if (progress.phase === 'verify')
		return `verifying ${key}: ${plural(progress.files, 'file')} of ${progress.totalFiles.toLocaleString('en-US')}`;
	if (progress.phase === 'delete')
		return `removing the old ${key}: ${plural(progress.files, 'file')} of ${progress.totalFiles.toLocaleString('en-US')}`;
	const {bytesPerSecond, etaMs} = rateAndEta(progress.bytes, progress.totalBytes, elapsedMs);
	const rate = bytesPerSecond === null ? '' : ` · ${formatBytes(bytesPerSecond)}/s`;
	const eta = etaMs === null ? '' : ` · ${Math.ceil(etaMs / 1000)} s left`;
	return `copying ${key}: ${progress.files.toLocaleString('en-US')}/${progress.totalFiles.toLocaleString('en-US')} files · ${formatBytes(progress.bytes)}/${formatBytes(progress.totalBytes)}${rate}${eta}`;
}

export function planLines(plan: MovePlan): string[] {
	const lines: string[] = [];
	for (const move of plan.moves) {
		const what =
			move.method === 'switch'
				? move.adopts
					? `switch to the ${move.key === 'GOCACHE' ? 'build' : 'module'} cache already at ${move.to} (nothing copied; the old one stays at ${move.from})`
					: `set ${move.key}=${move.to} (nothing to move: ${move.from} does not exist)`
				: `${move.method === 'rename' ? 'rename (same filesystem)' : 'copy and verify'} ${plural(move.files, 'file')}, ${formatBytes(move.bytes)}`;
		lines.push(`  ${move.key}  ${move.from} → ${move.to}`);
		if (move.link)
			lines.push(
				`    ${move.key} is ${move.link}, a symbolic link to ${move.from}: the cache it leads to moves; the link stays${plan.keepSource || move.method === 'switch' ? '' : ' and will lead nowhere (remove it when nothing else uses it)'}`,
			);
		lines.push(`    ${what}`);
		if (move.method !== 'switch')
			lines.push(
				`    then ${move.key} is set in the GOENV file${plan.keepSource ? '; the old directory is kept (--keep-source)' : ', and the old directory is removed only after that succeeded'}`,
			);
	}
	return lines;
}

async function move(context: CommandContext): Promise<number> {
	const {flags, stderr, runtime} = context;
	const json = Boolean(flags['json']);
	const requests: Array<{kind: CacheKind; to: string}> = [];
	for (const kind of ['gocache', 'gomodcache'] as const) {
		const value = flags[kind];
		if (value === undefined) continue;
		if (typeof value !== 'string' || value.trim() === '')
			throw new UsageError(
				`--${kind} needs a directory, for example --${kind} /data/${kind === 'gocache' ? 'go-build' : 'gomodcache'}`,
				USAGE,
			);
		requests.push({kind, to: value});
	}
	if (requests.length === 0)
		throw new UsageError('say where to move: --gocache DIR and/or --gomodcache DIR (gotune cache shows where they are now)', USAGE);
	startPhaseTiming(runtime.env);
	try {
		return await moveCaches(context, requests, json);
	} finally {
		for (const line of phaseTimings()) stderr.write(`${line}\n`);
	}
}

async function moveCaches(context: CommandContext, requests: Array<{kind: CacheKind; to: string}>, json: boolean): Promise<number> {
	const {flags, stdout, stderr, runtime} = context;
	return asCommandErrors(USAGE, async () => {
		const go = await goFor(context);
		markPhase('go resolved');
		const journal = openJournal(runtime);
		const interrupted = (await journal.interrupted()).filter(set => set.origin.startsWith('cli:cache') || set.origin === 'wizard:cache');
		if (interrupted.length > 0) {
			const ids = interrupted.map(set => set.id);
			throw new OperationError(
				`cache move #${ids.join(', #')} was interrupted; no data is lost (GOCACHE and GOMODCACHE point at complete caches). Resume it with gotune finish ${ids[0]} or undo it with gotune rollback --to ${ids[0]} (moves the data back and restores the setting), then run this again.`,
			);
		}
		markPhase('journal read (interrupted sets)');
		const locations = await locateCaches(go);
		markPhase('go env -json (locate caches)');
		const task = headlessTask<MoveEvent>(stderr, {describe: moveProgress});
		try {
			let plan: MovePlan;
			try {
				plan = await planMoves(
					{requests, locations, keepSource: Boolean(flags['keep-source']), env: runtime.env, cwd: runtime.cwd},
					task.context,
				);
			} finally {
				task.done();
			}
			markPhase('plan (count the source, check the target)');
			if (plan.refusals.length > 0) {
				throw new UsageError(`cannot move:\n  ${plan.refusals.join('\n  ')}\nNothing was touched.`, USAGE);
			}
			if (!json) {
				writeLine(stdout, 'Cache move plan:');
				for (const line of planLines(plan)) writeLine(stdout, line);
			}
			if (!flags['yes'] && (!context.stdin.isTTY || !stdout.isTTY)) {
				throw new UsageError('no terminal to confirm in: pass --yes to move (the plan is above). Nothing was touched.', USAGE);
			}
			const answer = await confirm(context, 'Move now?', USAGE);
			if (answer === 'interrupted') return 130;
			if (answer === 'no') {
				if (!json) writeLine(stdout, 'Not moved; nothing was touched.');
				return 1;
			}
			const running = headlessTask<MoveEvent>(stderr, {describe: moveProgress});
			let result;
			try {
				result = await runMoves({plan, journal, origin: CACHE_ORIGIN}, running.context);
			} finally {
				running.done();
			}
			markPhase('moved (journal set applied)');
			if (json) {
				writeLine(stdout, JSON.stringify({changeSet: result.changeSet?.id ?? null, moves: result.moves}, null, 2));
			} else {
				const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
				for (const moved of result.moves) {
					writeLine(
						stdout,
						`${paint(style, 'green', 'Moved')} ${CACHE_KEY[moved.kind]} to ${moved.to} (${moved.method}, ${plural(moved.files, 'file')}, ${formatBytes(moved.bytes)}, ${moved.ms} ms)`,
					);
				}
				if (result.changeSet) writeLine(stdout, `Change set #${result.changeSet.id}. Undo: gotune rollback --to ${result.changeSet.id}`);
			}
			if (result.moves.some(moved => moved.kind === 'gomodcache' && moved.method !== 'switch')) {
				// go-facts §5.4: a package's action ID includes its directory unless -trimpath.
				(json ? stderr : stdout).write(
					'Note: the next build recompiles packages from the module cache once: their build-cache keys include the module directory (unless you build with -trimpath). Nothing is downloaded again.\n',
				);
			}
			return 0;
		} catch (error) {
			if (isCancelled(error)) {
				stderr.write('gotune: move cancelled; nothing changed (the partial copy was removed, the cache and its setting are as before).\n');
				return 130;
			}
			if (error instanceof CopyVerificationError)
				throw new OperationError(
					`${error.message}\nNothing changed: the partial copy was removed and ${requests.map(r => CACHE_KEY[r.kind]).join(' and ')} still point${requests.length === 1 ? 's' : ''} at the original.`,
				);
			if (error instanceof UsageError || error instanceof OperationError) throw error;
			const code = (error as NodeJS.ErrnoException).code;
			if (code)
				throw new OperationError(
					`the move failed: ${(error as Error).message}\nNothing changed: the partial copy was removed and the settings still point at the original caches.`,
				);
			throw error;
		}
	});
}

// ---- gotune cache clean ----

async function clean(context: CommandContext, kindArg: string | undefined): Promise<number> {
	const {flags, stdout, stderr} = context;
	if (kindArg === undefined || !(CLEAN_KINDS as readonly string[]).includes(kindArg)) {
		throw new UsageError(
			`${kindArg === undefined ? 'say what to clean' : `cannot clean "${kindArg}"`}: one of ${CLEAN_KINDS.join(', ')} (each runs go clean -KIND)`,
			USAGE,
		);
	}
	const kind = kindArg as CleanKind;
	const json = Boolean(flags['json']);
	const go = await goFor(context);
	const target = await cleanTarget(go, kind).catch((error: Error) => {
		throw new OperationError(error.message);
	});
	const task = headlessTask<{files: number; bytes: number}>(stderr, {describe: p => countLine(target.path, p.files, p.bytes)});
	let before;
	try {
		const report = await measureCache(target.location, {
			signal: task.signal,
			onProgress: (files, bytes) => task.context.emit({files, bytes}),
		});
		before = {bytes: report.bytes, files: report.files};
	} catch (error) {
		if (isCancelled(error)) return 130;
		throw error;
	} finally {
		task.done();
	}
	if (!json)
		writeLine(
			stdout,
			`go clean -${kind} ${CLEAN_EFFECT[kind]}\n  ${target.path}: ${before.bytes === null ? 'size unknown' : `${formatBytes(before.bytes)} in ${plural(before.files ?? 0, 'file')}`}`,
		);
	if (!flags['yes'] && (!context.stdin.isTTY || !stdout.isTTY)) {
		throw new UsageError(`no terminal to confirm in: pass --yes to run go clean -${kind}. Nothing was removed.`, USAGE);
	}
	const answer = await confirm(context, `Run go clean -${kind}?`, USAGE);
	if (answer === 'interrupted') return 130;
	if (answer === 'no') {
		if (!json) writeLine(stdout, 'Not cleaned; nothing was removed.');
		return 1;
	}
	const running = headlessTask<{type: string; files?: number; bytes?: number}>(stderr, {
		describe: e => (e.type === 'cleaning' ? `go clean -${kind}` : countLine(target.path, e.files ?? 0, e.bytes ?? 0)),
	});
	try {
		const result = await cleanCache({go, target, before}, running.context);
		running.done();
		if (json) {
			const freed = result.before.bytes !== null && result.after.bytes !== null ? result.before.bytes - result.after.bytes : null;
			writeLine(stdout, JSON.stringify({...result, freedBytes: freed}, null, 2));
		} else {
			writeLine(
				stdout,
				`go clean -${kind}: ${formatBytes(result.before.bytes ?? 0)} → ${formatBytes(result.after.bytes ?? 0)} (${plural(result.after.files ?? 0, 'file')} left) in ${result.ms} ms`,
			);
		}
		return 0;
	} catch (error) {
		running.done();
		if (isCancelled(error)) return 130;
		throw new OperationError((error as Error).message);
	}
}
