import path from 'node:path';
import {nonEmpty} from '../env.js';
import {openJournal} from '../journal/index.js';
import {maskSecrets, maskSetting} from '../mask.js';
import type {Runtime} from '../runtime.js';
import {checkToolchain} from '../steps/toolchain.js';
import {diskUsage, type DiskUsage} from './disk-usage.js';
import {describeLast, fixState, loadLastExplanation, type FixState, type LastExplanation} from '../explain/last.js';
import {loadLastProbe, type ProbeDocument} from '../proxy/last-probe.js';
import {loadLastBench} from './store.js';

/**
 * Everything a bug report about a Go setup needs, ready to paste into an issue tracker: toolchains, environment
 * with provenance, probe results, cache locations and sizes, the last measurement, the journal. Credentials are
 * masked and the home directory is shown as `~` in every string (pasteSafe).
 */
export type Report = {
	gotune: string;
	time: string;
	toolchains: {winner: string | null; all: Array<{path: string; version: string | null; onPath: boolean}>};
	environment: Record<string, {value: string; source: string}>;
	goenvFile: string | null;
	/** The last `gotune probe` or Proxy step (its JSON document, with when it ran); null when none was kept. */
	probes: ({time: string} & ProbeDocument) | null;
	caches: Array<{name: 'GOCACHE' | 'GOMODCACHE'; path: string | null; bytes: number | null; files: number | null; note?: string}>;
	/** The last explained go failure (gotune explain, Troubleshoot) and whether its fix is in effect now; null when none. */
	lastExplanation: (LastExplanation & {fixState: FixState; text: string}) | null;
	/** The last `gotune bench` (or Verify step) result, as its JSON; null when nothing was measured yet. */
	measurements: Record<string, unknown> | null;
	journal: Array<{
		id: string;
		time: string;
		origin: string;
		status: string;
		changes: Array<{key: string; before: string; after: string; status: string}>;
	}>;
	notes: string[];
};

export async function gatherReport(runtime: Runtime, gotuneVersion: string, signal?: AbortSignal): Promise<Report> {
	const findings = await checkToolchain(runtime);
	const snapshot = findings.snapshot;
	const environment: Report['environment'] = {};
	// Values masked by their key (a GOPROXY entry with a space in its user info is masked whole); pasteSafe masks the rest.
	for (const p of Object.values(snapshot?.provenance ?? {}))
		if (p.known) environment[p.key] = {value: maskSetting(p.key, p.value), source: p.source};
	const caches: Report['caches'] = [];
	for (const name of ['GOCACHE', 'GOMODCACHE'] as const) {
		const location = snapshot?.values[name] || null;
		const usage: DiskUsage =
			location && path.isAbsolute(location)
				? await diskUsage(location, signal)
				: {error: location ? `not an absolute path: ${location}` : 'unknown (go env failed)'};
		caches.push({
			name,
			path: location,
			bytes: 'bytes' in usage ? usage.bytes : null,
			files: 'files' in usage ? usage.files : null,
			...('missing' in usage ? {note: 'does not exist yet'} : 'error' in usage ? {note: usage.error} : {}),
		});
	}
	const lastProbe = await loadLastProbe(runtime.gotuneHome);
	const journal = openJournal(runtime);
	const sets = await journal.changeSets().catch(() => []);
	const last = await loadLastExplanation(runtime.gotuneHome);
	const lastState = last && fixState(last, sets);
	const show = (state: {present: boolean; value?: string}, key: string) =>
		state.present ? maskSetting(key, state.value ?? '') : '(not set)';
	const report: Report = {
		gotune: gotuneVersion,
		time: new Date().toISOString(),
		toolchains: {
			winner: findings.discovery.winner?.path ?? null,
			all: findings.discovery.all.map(go => ({path: go.path, version: go.version?.raw ?? null, onPath: go.onPath})),
		},
		environment,
		goenvFile: snapshot?.goenvLocation.kind === 'file' ? snapshot.goenvLocation.path : null,
		probes: lastProbe ? {time: lastProbe.time, ...lastProbe.result} : null,
		caches,
		lastExplanation: last && lastState ? {...last, fixState: lastState, text: describeLast(last, lastState)} : null,
		measurements: (await loadLastBench(runtime.gotuneHome)) ?? null,
		journal: sets.map(set => ({
			id: set.id,
			time: set.time,
			origin: set.origin,
			status: set.status,
			changes: set.entries.map(e => ({
				key: e.target.kind === 'goenv' ? e.target.key : `${e.target.kind} ${e.target.path}`,
				before:
					e.target.kind === 'file'
						? e.before.present
							? '(file)'
							: '(no file)'
						: show(e.before, e.target.kind === 'goenv' ? e.target.key : ''),
				after: e.afterUnknown
					? '(unknown: interrupted)'
					: e.target.kind === 'file'
						? e.after.present
							? '(file)'
							: '(no file)'
						: show(e.after, e.target.kind === 'goenv' ? e.target.key : ''),
				status: e.status,
			})),
		})),
		notes: [],
	};
	if (snapshot?.error) report.notes.push(`go env failed: ${snapshot.error}`);
	return pasteSafe(report, nonEmpty(runtime.env, 'HOME'));
}

/** Every string in VALUE with credentials masked and HOME (as a path prefix) replaced by `~`. */
export function pasteSafe<T>(value: T, home: string | undefined): T {
	const homeDir = home && home !== '/' ? home.replace(/\/+$/, '') : undefined;
	const homePattern = homeDir ? new RegExp(`${escapeRegExp(homeDir)}(?=/|$|[\\s,:;|"')\\]])`, 'g') : undefined;
	const clean = (text: string) => {
		const masked = maskSecrets(text);
		return homePattern ? masked.replace(homePattern, '~') : masked;
	};
	const walk = (item: unknown): unknown => {
		if (typeof item === 'string') return clean(item);
		if (Array.isArray(item)) return item.map(walk);
		if (item && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([k, v]) => [clean(k), walk(v)]));
		return item;
	};
	return walk(value) as T;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
