import {checkModulePath} from '../module/go-path-check.js';
import {SEMVER, splitModuleVersion} from './escape.js';

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
