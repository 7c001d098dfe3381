import {maskSecrets, maskSetting, maskUrl} from '../core/mask.js';
import {checkModulePath} from '../core/module/go-path-check.js';
import {loadProxyContext, PATTERN_KEYS, routeModule, type Route} from '../core/proxy/index.js';
import {UsageError, type CommandContext} from './context.js';
import {paint, styleFor, wrap, writeLine} from './output.js';

/** `gotune route MODULE[@VERSION]...`: how go will fetch each module with the settings in force. Reads only. */
export async function run({runtime, positionals, flags, stdout}: CommandContext): Promise<number> {
	for (const arg of positionals) {
		const modulePath = arg.split('@')[0] ?? '';
		const problem = modulePath === '' ? 'empty module path' : checkModulePath(modulePath);
		if (problem)
			throw new UsageError(
				`"${maskUrl(arg)}" is not a module path (${problem}); give MODULE or MODULE@VERSION, for example golang.org/x/text@v0.14.0`,
			);
	}
	const context = await loadProxyContext(runtime);
	const routes = positionals.map(arg => routeModule(arg, context.settings));
	if (flags['json']) {
		writeLine(stdout, JSON.stringify(routes.map(jsonRoute), null, 2));
		return routes.some(r => r.error !== undefined) ? 1 : 0;
	}
	const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
	const s = context.settings;
	writeLine(
		stdout,
		paint(
			style,
			'dim',
			// Every value may hold user info (a GOSUMDB URL, a pasted URL in a pattern list): all are masked.
			`Settings in force: ${(['GOPROXY', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE', 'GOSUMDB'] as const).map(key => `${key}=${maskSetting(key, s[key])}`).join(' ')}`,
		),
	);
	if (context.goEnvError)
		writeLine(
			stdout,
			paint(style, 'yellow', `! go env failed (${maskSecrets(context.goEnvError)}); using the OS environment and Go's defaults`),
		);
	for (const route of routes) {
		writeLine(stdout);
		writeLine(stdout, paint(style, 'bold', route.module));
		const sources =
			route.sources.length === 0
				? 'none (nothing is downloaded)'
				: route.sources.map(src => `${src.url}${src.then === null ? '' : ` ${src.then}`}`).join(' ');
		writeLine(stdout, `  sources:      ${sources}`);
		writeLine(stdout, `  checksum DB:  ${route.checksumDb ?? 'none'}`);
		writeLine(stdout, `  insecure:     ${route.insecure ? 'yes' : 'no'}`);
		const matched = PATTERN_KEYS.filter(key => route.matched[key] !== null).map(key => `${key}="${route.matched[key]}"`);
		writeLine(stdout, `  matched:      ${matched.length === 0 ? 'no pattern' : matched.join(', ')}`);
		for (const line of route.why) for (const wrapped of wrap(line, style.width, '    ')) writeLine(stdout, paint(style, 'dim', wrapped));
	}
	return routes.some(r => r.error !== undefined) ? 1 : 0;
}

export function jsonRoute(route: Route) {
	return {
		module: route.module,
		matched: route.matched,
		sources: route.sources,
		checksumDb: route.checksumDb,
		insecure: route.insecure,
		why: route.why,
		...(route.error ? {error: route.error} : {}),
	};
}
