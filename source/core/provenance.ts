import path from 'node:path';
import {nonEmpty, type Env} from './env.js';
import type {GoEnvFile} from './goenv-file.js';

export const TRACKED_KEYS = [
	'GOPROXY',
	'GOPRIVATE',
	'GONOPROXY',
	'GONOSUMDB',
	'GOINSECURE',
	'GOSUMDB',
	'GOFLAGS',
	'GOCACHE',
	'GOMODCACHE',
	'GOPATH',
	'GOROOT',
	'GOBIN',
	'GO111MODULE',
	'GOTOOLCHAIN',
	'GOENV',
	'CGO_ENABLED',
	'GOTELEMETRY',
] as const;
export type TrackedKey = (typeof TRACKED_KEYS)[number];

/**
 * Keys go computes and never takes from the user (`go env -w` answers "X cannot be modified"): their value is go's,
 * whatever the environment or the GOENV file say. GOWORK is computed unless the OS environment sets it.
 */
const COMPUTED_KEYS = new Set([
	'GOEXE',
	'GOGCCFLAGS',
	'GOHOSTARCH',
	'GOHOSTOS',
	'GOMOD',
	'GOWORK',
	'GOTOOLDIR',
	'GOVERSION',
	'GOTELEMETRYDIR',
]);

/** Keys go takes only from the OS environment ("can only be set using the OS environment"). */
const PROCESS_ONLY_KEYS = new Set(['GODEBUG']);

/**
 * Where an effective value comes from. `telemetry` is the `go telemetry` mode file: Go reads GOTELEMETRY only
 * from there, never from the OS environment or the GOENV file. `computed`: go works it out (GOVERSION, GOMOD...).
 */
export type Source = 'process' | 'goenv' | 'goroot' | 'telemetry' | 'computed' | 'default';

/** Each Source in a few words, as a cache's report names where its setting comes from (gotune cache, the Cache step). */
export const SOURCE_WORDS: Record<Source, string> = {
	process: 'OS environment',
	goenv: 'GOENV file',
	goroot: '$GOROOT/go.env',
	telemetry: 'telemetry file',
	computed: 'computed by go',
	default: 'default',
};

export type Provenance = {
	key: string;
	value: string;
	source: Source;
	/** False when this go version does not know the key (GOTOOLCHAIN, GOTELEMETRY before Go 1.21). */
	known: boolean;
	/** The GOENV file's entry when a non-empty OS variable wins over a different value there. */
	shadowedFileValue?: string;
	/** The OS environment sets this key but Go ignores it there (GOTELEMETRY). */
	ignoredProcessValue?: string;
	/** The GOENV file holds `KEY=` (empty): in Go >= 1.21 that hides $GOROOT/go.env. */
	emptyFileEntry?: boolean;
	/** Worth a row in the wizard: a tracked key, or any other key the user set somewhere (GOAUTH, CC...). */
	listed?: boolean;
};

export type ProvenanceInput = {
	env: Env;
	goenvFile: GoEnvFile;
	/** $GOROOT/go.env (Go >= 1.21); absent before. */
	gorootEnvFile?: GoEnvFile;
	/** First word of the telemetry mode file, when it exists. */
	telemetryMode?: string;
	/** `go env -json` of the same environment: the truth for defaults, and whether a key is known. */
	goValues: Record<string, string>;
};

/**
 * KEYS: by default the tracked keys first (the order the wizard lists them in), then every other key this go's
 * `go env -json` reports (GOAUTH, GOCACHEPROG, GOFIPS140, CC, CGO_CFLAGS...), so nothing go knows goes unexplained.
 */
export function resolveProvenance(
	input: ProvenanceInput,
	keys: readonly string[] = [...new Set([...TRACKED_KEYS, ...Object.keys(input.goValues).sort()])],
): Record<string, Provenance> {
	const result: Record<string, Provenance> = {};
	for (const key of keys) {
		const p = resolveKey(key, input);
		result[key] = {...p, listed: (TRACKED_KEYS as readonly string[]).includes(key) || isUserSet(p)};
	}
	return result;
}

/** A key the user set somewhere (not go's default or its own computation): worth a row even when not tracked. */
export function isUserSet(p: Provenance): boolean {
	return p.known && p.source !== 'default' && p.source !== 'computed';
}

function resolveKey(key: string, {env, goenvFile, gorootEnvFile, telemetryMode, goValues}: ProvenanceInput): Provenance {
	const known = key in goValues;
	const goValue = goValues[key] ?? '';
	const processValue = nonEmpty(env, key);
	const fileValue = goenvFile.values.get(key);

	if (!known) return {key, value: '', source: 'default', known};
	if (COMPUTED_KEYS.has(key))
		return {key, value: goValue, source: key === 'GOWORK' && processValue !== undefined ? 'process' : 'computed', known};
	if (PROCESS_ONLY_KEYS.has(key)) return {key, value: goValue, source: processValue === undefined ? 'default' : 'process', known};
	if (key === 'GOENV') return {key, value: goValue, source: processValue === undefined ? 'default' : 'process', known};
	if (key === 'GOTELEMETRY') {
		const base = {key, known, ...(processValue === undefined ? {} : {ignoredProcessValue: processValue})};
		return telemetryMode === undefined
			? {...base, value: goValue, source: 'default'}
			: {...base, value: telemetryMode, source: 'telemetry'};
	}

	const clean = key === 'GOROOT' ? (v: string) => path.normalize(v).replace(/(.)\/$/, '$1') : (v: string) => v;
	if (processValue !== undefined) {
		const shadowed = fileValue !== undefined && fileValue !== '' && fileValue !== processValue;
		return {key, value: clean(processValue), source: 'process', known, ...(shadowed ? {shadowedFileValue: fileValue} : {})};
	}
	if (fileValue !== undefined) {
		// An empty entry still wins over go.env (Go >= 1.21), leaving Go's built-in default, which only go knows.
		return fileValue === ''
			? {key, value: goValue, source: 'goenv', known, emptyFileEntry: true}
			: {key, value: clean(fileValue), source: 'goenv', known};
	}
	const gorootValue = key === 'GOROOT' ? undefined : gorootEnvFile?.values.get(key);
	if (gorootValue !== undefined && gorootValue !== '') return {key, value: gorootValue, source: 'goroot', known};
	return {key, value: goValue, source: 'default', known};
}
