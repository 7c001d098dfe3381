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
 * Where an effective value comes from. `telemetry` is the `go telemetry` mode file: Go reads GOTELEMETRY only
 * from there, never from the OS environment or the GOENV file.
 */
export type Source = 'process' | 'goenv' | 'goroot' | 'telemetry' | 'default';

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

export function resolveProvenance(input: ProvenanceInput, keys: readonly string[] = TRACKED_KEYS): Record<string, Provenance> {
	const result: Record<string, Provenance> = {};
	for (const key of keys) result[key] = resolveKey(key, input);
	return result;
}

function resolveKey(key: string, {env, goenvFile, gorootEnvFile, telemetryMode, goValues}: ProvenanceInput): Provenance {
	const known = key in goValues;
	const goValue = goValues[key] ?? '';
	const processValue = nonEmpty(env, key);
	const fileValue = goenvFile.values.get(key);

	if (!known) return {key, value: '', source: 'default', known};
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
