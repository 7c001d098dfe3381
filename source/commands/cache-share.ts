import {
	applyShare,
	CACHE_TOKEN_VARIABLE,
	checkServer,
	clientLabel,
	DEFAULT_CLIENT,
	GO_CACHER_CLIENT,
	planShare,
	ShareFailure,
	ShareRefusal,
	shareState,
	type ShareEvent,
	type SharePlan,
	type ShareRequest,
} from '../core/cache/share/index.js';
import {parseCacheProg} from '../core/cache/share/goprog.js';
import {readTokenFile} from '../core/cache/share/token-file.js';
import {planRows, SLOW_MS} from '../core/cache/share/plan-lines.js';
import {GoAdapter} from '../core/go-adapter.js';
import {resolveGo} from '../core/go-resolver.js';
import {openJournal} from '../core/journal/index.js';
import {maskSetting} from '../core/mask.js';
import {isCancelled} from '../core/task.js';
import {OperationError, UsageError, type CommandContext} from './context.js';
import {asCommandErrors, confirm} from './journal-output.js';
import {paint, styleFor, writeLine} from './output.js';
import {headlessTask} from './progress.js';

/** Journal origin: history and rollback show it. */
export const SHARE_ORIGIN = 'cli:cache share';

/**
 * gotune cache share [--server URL] [--client gotune-cacher|PKG@VERSION] [--yes] [--json]: without --server, shows the shared
 * cache as configured now (GOCACHEPROG, its client and server, checked); with it, installs the pinned client and
 * writes GOCACHEPROG in one change set.
 */
export async function runShare(context: CommandContext, usage: string): Promise<number> {
	const {flags, runtime} = context;
	const server = flags['server'];
	const client: string | boolean = flags['client'] ?? DEFAULT_CLIENT;
	if (server === true || (typeof server === 'string' && server.trim() === ''))
		throw new UsageError('--server needs the cache server address, for example --server http://cache.internal:31364', usage);
	if (typeof client !== 'string' || client.trim() === '')
		throw new UsageError(
			`--client needs ${DEFAULT_CLIENT} (the default) or PACKAGE@VERSION, for example --client ${GO_CACHER_CLIENT}`,
			usage,
		);
	const goBin = await resolveGo(runtime.env);
	if (goBin === undefined) throw new OperationError('no go command on PATH: install Go (https://go.dev/dl) and run this again');
	const go = new GoAdapter(goBin, runtime.env, runtime.cwd);
	if (server === undefined) return show(context, go);
	if (typeof server !== 'string') throw new UsageError('--server needs the cache server address', usage);
	const token = runtime.env[CACHE_TOKEN_VARIABLE] || undefined;
	const request = {server: server.trim(), client: client.trim(), trimpath: Boolean(flags['trimpath']), ...(token ? {token} : {})};
	return asCommandErrors(usage, () => setUp(context, go, request, usage));
}

async function show(context: CommandContext, go: GoAdapter): Promise<number> {
	const {stdout, flags, runtime} = context;
	const {values} = await go.envJson({timeoutMs: 30_000}, ['GOCACHEPROG']);
	const value = values?.['GOCACHEPROG'] ?? '';
	const state = await shareState(go, value);
	const prog = state.configured ? parseCacheProg(value) : undefined;
	// gotune-cacher's token sits in its 0600 file: read for the check, never shown.
	const token = prog?.token ?? (prog?.tokenFile ? await readTokenFile(prog.tokenFile) : undefined);
	const server = prog?.server ? await checkServer(prog.server, runtime.env, token) : undefined;
	const ok = !state.configured || (state.binaryExists && (server === undefined || server.ok));
	if (flags['json']) {
		writeLine(stdout, JSON.stringify({...state, ...(server ? {serverCheck: server} : {})}, null, 2));
		return ok ? 0 : 1;
	}
	if (!state.configured) {
		writeLine(stdout, 'GOCACHEPROG is not set: go keeps its build cache in GOCACHE only. Share one: gotune cache share --server URL');
		return 0;
	}
	writeLine(stdout, `GOCACHEPROG  ${state.shown}`);
	writeLine(
		stdout,
		`  client  ${state.binary}  ${state.client.module ? clientLabel(state.client) : `! ${state.client.error} (every go command fails until it is back)`}`,
	);
	if (server)
		writeLine(
			stdout,
			`  server  ${server.ok ? `${server.server} answers (${server.ms} ms)${server.ms >= SLOW_MS ? `; ! slow: the client waits this long on every lookup (no timeout)` : ''}` : `! ${server.message}`}`,
		);
	else writeLine(stdout, '  server  (none: the client keeps the cache on this machine only)');
	if (state.diskDir) writeLine(stdout, `  local disk  ${state.diskDir}`);
	return ok ? 0 : 1;
}

async function setUp(context: CommandContext, go: GoAdapter, request: ShareRequest, usage: string) {
	const {flags, stdout, stderr, runtime} = context;
	const json = Boolean(flags['json']);
	const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
	let plan: SharePlan;
	try {
		plan = await planShare(go, request);
	} catch (error) {
		throw translate(error, usage);
	}
	if (!plan.serverCheck.ok) {
		if (json) writeLine(stdout, JSON.stringify({ok: false, server: plan.serverCheck}, null, 2));
		throw new OperationError(`${plan.serverCheck.message}\nNothing was changed: the server must answer before go is pointed at it.`);
	}
	if (!json) for (const line of planLines(plan)) writeLine(stdout, line);
	if (plan.shadowedByEnvironment)
		stderr.write(`gotune: GOCACHEPROG is set in the OS environment; it keeps overriding the GOENV file until you unset it.\n`);
	const answer = await confirm(context, 'Set up the shared build cache?', usage);
	if (answer === 'interrupted') return 130;
	if (answer === 'no') {
		if (!json) writeLine(stdout, 'Not set up; nothing was changed.');
		return 1;
	}
	const task = headlessTask<ShareEvent>(stderr, {
		describe: event =>
			event.kind === 'install' ? `go install ${event.query}` : event.kind === 'journal' ? 'writing GOCACHEPROG' : 'checking the client',
	});
	try {
		const result = await applyShare(go, openJournal(runtime), plan, SHARE_ORIGIN, task.context);
		task.done();
		if (json) {
			writeLine(
				stdout,
				JSON.stringify(
					{
						ok: true,
						changeSet: result.changeSet.id,
						gocacheprog: maskSetting('GOCACHEPROG', result.value),
						client: {binary: result.binary, ...result.client},
						server: {address: plan.serverCheck.server, ms: plan.serverCheck.ms},
						diskDir: plan.diskDir ?? null,
						goVersion: plan.goVersion,
					},
					null,
					2,
				),
			);
		} else {
			writeLine(stdout, `${paint(style, 'green', 'Shared build cache set up')}: ${clientLabel(result.client)} at ${result.binary}`);
			writeLine(stdout, `Change set #${result.changeSet.id}. Undo: gotune rollback --to ${result.changeSet.id}`);
		}
		return 0;
	} catch (error) {
		task.done();
		if (isCancelled(error)) {
			stderr.write('gotune: cancelled; nothing changed.\n');
			return 130;
		}
		throw translate(error, usage);
	}
}

export function planLines(plan: SharePlan): string[] {
	return ['Shared build cache plan:', ...planRows(plan).map(row => `  ${row.label.padEnd(8)} ${row.text}`)];
}

function translate(error: unknown, usage: string): unknown {
	if (error instanceof ShareRefusal) return new UsageError(error.message, usage);
	if (error instanceof ShareFailure) return new OperationError(error.message);
	return error;
}
