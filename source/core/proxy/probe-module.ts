import {nonEmpty, type Env} from '../env.js';
import {checkModulePath} from '../module/go-path-check.js';
import {SEMVER, splitModuleVersion} from './escape.js';
import {FALLBACK_PROBE_MODULE} from './settings.js';

/**
 * A module to probe the proxies with, typed as PATH@VERSION (gotune probe --module, the Proxy step's field): the path
 * by go's module.CheckPath, the version exact (a proxy serves /@v/VERSION.info only for an exact version).
 */
export function parseProbeModule(value: string): {ok: true; module: {path: string; version: string}} | {ok: false; message: string} {
	const split = splitModuleVersion(value.trim());
	if (!split) return {ok: false, message: 'needs PATH@VERSION, for example golang.org/x/text@v0.14.0'};
	const pathError = checkModulePath(split.path);
	if (pathError) return {ok: false, message: `malformed module path "${split.path}": ${pathError}`};
	if (!SEMVER.test(split.version))
		return {ok: false, message: `"${split.version}" is not an exact version such as v1.2.3 (queries like latest are not probed)`};
	return {ok: true, module: split};
}

/**
 * The module to probe with when the project has no requirement: GOTUNE_PROBE_MODULE (PATH@VERSION), for mirrors that
 * serve only their own modules (a company's, the demo's: its loopback mirrors have no golang.org/x/text), else
 * FALLBACK_PROBE_MODULE. A value that is not PATH@VERSION is named with go's reason in SOURCE, and the fallback used.
 */
export function standInProbeModule(env: Env): {module: {path: string; version: string}; source: string} {
	const value = nonEmpty(env, 'GOTUNE_PROBE_MODULE');
	if (value === undefined) return {module: FALLBACK_PROBE_MODULE, source: 'a well-known public module (no requirement here)'};
	const verdict = parseProbeModule(value);
	if (verdict.ok) return {module: verdict.module, source: 'set by GOTUNE_PROBE_MODULE: no requirement here'};
	return {
		module: FALLBACK_PROBE_MODULE,
		source: `a well-known public module: GOTUNE_PROBE_MODULE=${JSON.stringify(value)} ${verdict.message}; set it to PATH@VERSION`,
	};
}
