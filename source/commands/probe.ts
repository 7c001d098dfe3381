import {openJournal} from '../core/journal/index.js';
import {maskSecrets, maskSetting, maskUrl} from '../core/mask.js';
import {
	candidateList,
	CandidateError,
	composeGoproxy,
	DEFAULT_PROBE_TIMEOUT_MS,
	goproxyWarnings,
	loadProxyContext,
	matchingPattern,
	parseGoproxy,
	parseGosumdb,
	probeCandidates,
	proveDownload,
	SEMVER,
	suggestFromRemotes,
	suggestFromUnserved,
	unservedRequirements,
	type ProbeEvent,
	type ProbeResult,
	type Proof,
} from '../core/proxy/index.js';
import {parseProbeModule, standInProbeModule} from '../core/proxy/probe-module.js';
import {probeDocument, saveLastProbe} from '../core/proxy/last-probe.js';
import {isCancelled} from '../core/task.js';
import {OperationError, UsageError, type CommandContext} from './context.js';
import {asCommandErrors, confirm} from './journal-output.js';
import {paint, styleFor, writeLine, type Style} from './output.js';
import {formatBytes, headlessTask} from './progress.js';

export async function run(context: CommandContext): Promise<number> {
	const {runtime, positionals, flags, stdout, stderr} = context;
	const json = Boolean(flags['json']);
	if (flags['keep'] && !flags['apply'])
		throw new UsageError(
			'--keep goes with --apply: it keeps the applied GOPROXY when the proof download fails (without it, gotune rolls it back)',
		);
	const timeoutMs = parseTimeout(flags['timeout']);
	const explicitModule = typeof flags['module'] === 'string' ? parseModuleFlag(flags['module']) : undefined;
	const proxy = await loadProxyContext(runtime);
	let candidates;
	try {
		candidates = candidateList({env: runtime.env, current: proxy.settings.GOPROXY, profile: proxy.profileGoproxy, arguments: positionals});
	} catch (error) {
		if (error instanceof CandidateError) throw new UsageError(error.message);
		throw error;
	}
	const first = proxy.requirements[0];
	const module = explicitModule ?? (first && SEMVER.test(first.version) ? first : standInProbeModule(runtime.env).module);
	const sumdb = parseGosumdb(proxy.settings.GOSUMDB);
	const sumdbName = sumdb.ok ? (sumdb.off ? null : sumdb.name) : 'sum.golang.org';

	const progress = headlessTask<ProbeEvent>(stderr, {describe: describeEvent(candidates.length)});
	let outcome;
	try {
		outcome = await probeCandidates({candidates, module, timeoutMs, env: runtime.env, sumdbName}, progress.context);
	} catch (error) {
		if (isCancelled(error)) return 130;
		throw error;
	} finally {
		progress.done();
	}
	const profileForbidsDirect =
		proxy.profileGoproxy !== undefined && !parseGoproxy(proxy.profileGoproxy).entries.some(e => e.url === 'direct');
	const composed = composeGoproxy(outcome.results, {allowDirect: !profileForbidsDirect && !flags['no-direct']});
	const currentWarnings = goproxyWarnings(proxy.settings.GOPROXY, outcome.results);
	const anyOk = outcome.results.some(r => r.ok);
	// For `gotune report`; a probe that ran is worth keeping even when nothing works.
	await saveLastProbe(runtime.gotuneHome, probeDocument(outcome.module, outcome.results, composed.value));

	if (json && !flags['apply']) {
		writeLine(stdout, JSON.stringify(probeDocument(outcome.module, outcome.results, composed.value), null, 2));
		return anyOk ? 0 : 1;
	}
	const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
	if (!json) {
		writeLine(
			stdout,
			paint(
				style,
				'bold',
				`Probe of ${outcome.module}: ${candidates.length} candidate${candidates.length === 1 ? '' : 's'} at once, ${(outcome.elapsedMs / 1000).toFixed(2)} s (each bounded by ${timeoutMs / 1000} s)`,
			),
		);
		for (const line of resultLines(outcome.results, style)) writeLine(stdout, line);
		writeLine(stdout);
		if (composed.value === null)
			writeLine(
				stdout,
				paint(style, 'red', 'No candidate works: gotune recommends no GOPROXY. Check the network, HTTPS_PROXY, or the URLs.'),
			);
		else {
			writeLine(stdout, `Recommended: GOPROXY=${paint(style, 'bold', composed.value)}`);
			for (const line of composed.explanation) writeLine(stdout, `  ${line}`);
		}
		const warnings = [...composed.warnings, ...currentWarnings.map(w => `current GOPROXY: ${w}`)];
		for (const warning of warnings) writeLine(stdout, paint(style, 'yellow', `! ${warning}`));
		if (sumdb.ok && !sumdb.off && outcome.results.some(r => r.ok && /goproxy\.cn|aliyun|goproxy\.io/.test(r.url))) {
			writeLine(
				stdout,
				`  Tip: with a mainland mirror, GOSUMDB=sum.golang.google.cn reaches the same checksum database through a mainland endpoint.`,
			);
		}
		for (const line of await privateLines(runtime, proxy, composed.entries[0]?.url, progress.signal)) writeLine(stdout, line);
	}
	if (!flags['apply']) return anyOk ? 0 : 1;
	if (composed.value === null) throw new OperationError('nothing to apply: no candidate works');
	return applyAndProve(context, composed.value, outcome.module, style, json, () =>
		probeDocument(outcome.module, outcome.results, composed.value),
	);
}

/**
 * --apply: the recommended GOPROXY through the journal (one change set), then the real go downloads the probe module
 * with it; when that proof fails the change set is rolled back at once (exit 1), unless --keep.
 */
async function applyAndProve(
	context: CommandContext,
	goproxy: string,
	module: string,
	style: Style,
	json: boolean,
	doc: () => object,
): Promise<number> {
	const {runtime, stdout, stderr} = context;
	if (goproxy.includes('***'))
		throw new UsageError(
			'the recommended GOPROXY contains a URL with credentials; gotune will not write them: move them to ~/.netrc and probe the URL without them',
		);
	return asCommandErrors(context.usage, async () => {
		const journal = openJournal(runtime);
		const [plan] = await journal.plan([{key: 'GOPROXY', value: goproxy}]);
		if (!json && plan)
			writeLine(
				stdout,
				`\nGOPROXY in ${journal.goenvFile}: ${plan.before.present ? maskSetting('GOPROXY', plan.before.value) : '(not set)'} → ${maskSetting('GOPROXY', goproxy)}${plan.unchanged ? ' (unchanged)' : ''}`,
			);
		if (plan?.shadowedBy !== undefined && !json)
			writeLine(
				stdout,
				paint(
					style,
					'yellow',
					`! the OS environment sets GOPROXY=${maskSecrets(plan.shadowedBy)}, which overrides the file: unset it in your shell start-up file for this to take effect`,
				),
			);
		const answer = await confirm(context, 'Apply it?', context.usage);
		if (answer === 'interrupted') return 130;
		if (answer === 'no') {
			if (!json) writeLine(stdout, 'Not applied; nothing was written.');
			return 1;
		}
		const changeSet = await journal.apply([{key: 'GOPROXY', value: goproxy}], 'probe');
		if (!json)
			writeLine(
				stdout,
				changeSet ? `${paint(style, 'green', 'Applied')} change set #${changeSet.id}. Undo: gotune rollback --last` : 'Nothing to change.',
			);
		const context2 = await loadProxyContext(runtime);
		if (!context2.go) throw new OperationError('applied, but no go on PATH to prove it with');
		const progress = headlessTask<{type: 'download'; line: string}>(stderr, {describe: e => `go ${e.line}`});
		let proof: Proof;
		try {
			proof = await proveDownload({go: context2.go, module, settings: {GOPROXY: goproxy}}, progress.context);
		} finally {
			progress.done();
		}
		// A GOPROXY the real go cannot download through is not left in place (issue 18 item 7), unless --keep.
		const rollBack = !proof.ok && changeSet !== undefined && !context.flags['keep'];
		const rolledBack = rollBack ? (await journal.rollback({kind: 'change-sets', ids: [changeSet.id]})).rolledBack.length > 0 : false;
		if (json) {
			writeLine(
				stdout,
				JSON.stringify(
					{
						...doc(),
						applied: changeSet?.id ?? null,
						proof: {
							ok: proof.ok,
							downloads: proof.downloads.map(maskSecrets),
							durationMs: Math.round(proof.durationMs),
							error: proof.error === undefined ? null : maskSecrets(proof.error),
						},
						rolledBack,
					},
					null,
					2,
				),
			);
		} else {
			writeLine(
				stdout,
				proof.ok
					? `${paint(style, 'green', 'Proof:')} go mod download ${module} worked through the new GOPROXY in ${(proof.durationMs / 1000).toFixed(2)} s (fresh module cache):`
					: `${paint(style, 'red', 'Proof failed:')} go mod download ${module}: ${maskSecrets(proof.error ?? 'failed')}`,
			);
			for (const line of proof.downloads) writeLine(stdout, `  ${maskSecrets(line)}`);
			if (rolledBack)
				writeLine(stdout, `Rolled back change set #${changeSet!.id}: GOPROXY is as before. (--keep keeps a GOPROXY whose proof failed.)`);
			else if (rollBack)
				writeLine(stdout, `! change set #${changeSet!.id} could not be rolled back: gotune rollback --to ${changeSet!.id}`);
			else if (!proof.ok && changeSet) writeLine(stdout, `Kept (--keep): undo with gotune rollback --to ${changeSet.id}.`);
		}
		return proof.ok ? 0 : 1;
	});
}

function resultLines(results: ProbeResult[], style: Style): string[] {
	const ms = (n: number | null) => (n === null ? '—' : `${n.toFixed(0)} ms`);
	const width = Math.min(48, Math.max(...results.map(r => r.url.length)));
	const lines: string[] = [];
	for (const r of results) {
		const mark = r.ok ? paint(style, 'green', style.ascii ? '[ok]' : '✓') : paint(style, 'red', style.ascii ? '[x]' : '✗');
		const head = `  ${mark} ${r.url.padEnd(width)} ${`(${r.source})`.padEnd(11)}`;
		if (r.ok) {
			const rate = r.bytesPerSec === null ? '' : `  ${formatBytes(r.bytesPerSec)}/s`;
			lines.push(
				`${head} total ${ms(r.latencyMs)}  first byte ${ms(r.firstByteMs)}  connect ${ms(r.connectMs)}  TLS ${ms(r.tlsMs)}${rate}`,
			);
		} else {
			lines.push(`${head} ${paint(style, 'red', r.error ?? 'failed')}${r.status === null ? '' : ` (HTTP ${r.status})`}`);
		}
		lines.push(paint(style, 'dim', `      ${r.detail}`));
	}
	return lines;
}

/**
 * GOPRIVATE suggestions: from the git remotes, and from requirements the best proxy answers not-found for (one
 * kept-alive connection, bounded). Requirements already matched by GOPRIVATE are not asked about.
 */
async function privateLines(
	runtime: CommandContext['runtime'],
	proxy: Awaited<ReturnType<typeof loadProxyContext>>,
	best: string | undefined,
	signal: AbortSignal,
): Promise<string[]> {
	const unmatched = proxy.requirements.filter(r => matchingPattern(proxy.settings.GOPRIVATE, r.path) === undefined);
	const [remotes, unserved] = await Promise.all([
		suggestFromRemotes(runtime.cwd, runtime.env).catch(() => []),
		best && unmatched.length > 0 ? unservedRequirements(unmatched, best, runtime.env, signal) : Promise.resolve([]),
	]);
	const suggestions = [
		...suggestFromUnserved(unserved),
		...remotes.filter(r => matchingPattern(proxy.settings.GOPRIVATE, `${r.pattern}/x`) === undefined),
	];
	if (suggestions.length === 0) return [];
	return [
		'',
		'GOPRIVATE suggestions (modules go must fetch directly, never through a public proxy or checksum database):',
		...suggestions.map(s => `  ${s.pattern}   ${s.reason}`),
	];
}

function describeEvent(total: number) {
	let done = 0;
	return (event: ProbeEvent): string | undefined => {
		if (event.type === 'result') {
			done++;
			return `probing: ${done}/${total} done (${event.result.url}: ${event.result.ok ? 'ok' : event.result.error})`;
		}
		if (event.type === 'step') return `probing: ${done}/${total} done; ${event.url} ${event.step}`;
		return undefined;
	};
}

function parseTimeout(value: string | boolean | undefined): number {
	if (value === undefined) return DEFAULT_PROBE_TIMEOUT_MS;
	const seconds = Number(value);
	if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 300) {
		throw new UsageError(
			`--timeout ${String(value)} is not a number of seconds between 0 and 300; for example --timeout 5 or --timeout 0.5`,
		);
	}
	return seconds * 1000;
}

function parseModuleFlag(value: string): {path: string; version: string} {
	const parsed = parseProbeModule(value);
	if (!parsed.ok) {
		// The message quotes the path as typed: a user part in it ("bo b:S3CRET@host/x") is masked whole, as in the value.
		const typed = value.trim();
		const path = typed.includes('@') ? typed.slice(0, typed.lastIndexOf('@')) : typed;
		const message = path === '' ? parsed.message : parsed.message.split(path).join(maskUrl(path));
		throw new UsageError(`--module ${maskUrl(value)}: ${maskSecrets(message)}`);
	}
	return parsed.module;
}
