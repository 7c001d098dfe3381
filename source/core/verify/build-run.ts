import {readFile} from 'node:fs/promises';
import path from 'node:path';
import type {Env} from '../env.js';
import {goError, type GoAdapter} from '../go-adapter.js';
import type {BuildKind, MeasurementEvent} from '../measure/events.js';
import {TaskCancelled} from '../task.js';
import {crossCheck, slowestCompiles, summarizeActionGraph, type PackageBuild} from './action-graph.js';
import {downloadLines} from './packages.js';

/** The flags of every measured build and of `go list -deps`; identical across runs and kinds (see project.ts). */
export const BUILD_FLAGS = ['-buildvcs=false'];
export const PATTERNS = ['./...'];

export type BuildSpec = {
	go: GoAdapter;
	id: string;
	kind: BuildKind;
	label: string;
	goVersion: string;
	run: number;
	of: number;
	cwd: string;
	env: Env;
	/**
	 * Directory the binaries are written to (an existing, up-to-date output skips the link, go-facts §4.6). Undefined
	 * when the module has no main package: go refuses -o then ("no main packages to build").
	 */
	outDir: string | undefined;
	actionGraphFile: string;
	/** Default PATTERNS (./...); a workspace's root gives each module's path/... */
	patterns?: string[];
	/** Import paths from `go list -deps` (without unsafe): the -v lines counted as progress. */
	packages: Set<string>;
	timeoutMs: number;
	signal: AbortSignal;
	emit: (event: MeasurementEvent) => void;
};

export type BuildRecord = {
	id: string;
	kind: BuildKind;
	run: number;
	wallMs: number;
	actions: number;
	hits: number;
	misses: number;
	packages: PackageBuild[];
	/** Packages go printed with -v (the ones it built), in order. */
	verbose: string[];
	linked: boolean;
	slowest: Array<{package: string; ms: number}>;
	downloads: string[];
	/** The action graph and -v disagreed (never seen on 1.19 or 1.23); the numbers come from the action graph. */
	warning?: string;
};

export class BuildFailed extends Error {
	constructor(
		readonly kind: BuildKind,
		readonly goMessage: string,
	) {
		super(goMessage);
		this.name = 'BuildFailed';
	}
}

/** One measured `go build`: streams -v progress as events, then reads the action graph for hits, misses and times. */
export async function measuredBuild(spec: BuildSpec): Promise<BuildRecord> {
	const {go, id, emit} = spec;
	emit({type: 'build-started', id, kind: spec.kind, label: spec.label, go: spec.goVersion, run: spec.run, of: spec.of});
	const total = spec.packages.size;
	const verbose: string[] = [];
	emit({type: 'build-progress', id, done: 0, total});
	const args = [
		'build',
		...BUILD_FLAGS,
		`-debug-actiongraph=${spec.actionGraphFile}`,
		'-v',
		...(spec.outDir === undefined ? [] : ['-o', `${spec.outDir}${path.sep}`]),
		...(spec.patterns ?? PATTERNS),
	];
	const run = await go.stream(args, {
		cwd: spec.cwd,
		env: spec.env,
		timeoutMs: spec.timeoutMs,
		signal: spec.signal,
		onLine: (line, stream) => {
			if (stream !== 'stderr' || !spec.packages.has(line.trim())) return;
			verbose.push(line.trim());
			emit({type: 'build-progress', id, done: Math.min(verbose.length, total), total});
		},
	});
	if (run.cancelled) throw new TaskCancelled('the build measurement');
	if (run.exitCode !== 0) {
		const message = buildError(run.stderr, spec.packages) || goError(run);
		emit({type: 'build-failed', id, error: message});
		throw new BuildFailed(spec.kind, message);
	}
	let summary;
	try {
		summary = summarizeActionGraph(await readFile(spec.actionGraphFile, 'utf8'));
	} catch (error) {
		const message = `go build succeeded but its action graph (${spec.actionGraphFile}) could not be read: ${(error as Error).message}`;
		emit({type: 'build-failed', id, error: message});
		throw new BuildFailed(spec.kind, message);
	}
	const check = crossCheck(summary, verbose);
	const slowest = slowestCompiles(summary.packages);
	const wallMs = Math.round(run.durationMs);
	emit({type: 'build-progress', id, done: total, total});
	emit({type: 'build-finished', id, wallMs, hits: summary.hits, misses: summary.misses, slowest});
	const disagree = check.onlyInGraph.length + check.onlyInVerbose.length > 0;
	return {
		id,
		kind: spec.kind,
		run: spec.run,
		wallMs,
		actions: summary.actions,
		hits: summary.hits,
		misses: summary.misses,
		packages: summary.packages,
		verbose,
		linked: summary.linked,
		slowest,
		downloads: downloadLines(run.stderr),
		...(disagree
			? {
					warning: `action graph and -v disagree: compiled per graph only ${check.onlyInGraph.join(' ') || '-'}; printed by -v only ${check.onlyInVerbose.join(' ') || '-'}`,
				}
			: {}),
	};
}

/** Go's words for a failed build: stderr without the -v package lines. */
function buildError(stderr: string, packages: Set<string>): string {
	return stderr
		.split('\n')
		.filter(line => line.trim() !== '' && !packages.has(line.trim()))
		.slice(0, 20)
		.join('\n')
		.trim();
}
