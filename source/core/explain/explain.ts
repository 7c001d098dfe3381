import type {Env} from '../env.js';
import type {EnvironmentSnapshot} from '../environment.js';
import {maskSecrets, maskSetting, maskUrl} from '../mask.js';
import {routeModule, routeSettingsFrom} from '../proxy/route.js';
import {describe} from './describe.js';
import type {Machine} from './fixes.js';
import {matchOutput} from './match.js';
import type {Explanation, Fix, Problem} from './types.js';

/** Keys go never reads from its env file: only the OS environment has them. */
const OS_ONLY = new Set(['SSL_CERT_FILE', 'SSL_CERT_DIR', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'HOME', 'XDG_CACHE_HOME']);

/** This machine as explain sees it: go env values and their sources from the snapshot (empty when go env failed). */
export function machineFrom(snapshot: EnvironmentSnapshot | undefined): Machine {
	const sources: Record<string, string> = {};
	for (const [key, p] of Object.entries(snapshot?.provenance ?? {})) sources[key] = p.source;
	const lockOut = snapshot?.lockOut;
	return {
		values: snapshot?.values ?? {},
		sources,
		repairs: lockOut && (lockOut.kind === 'goflags' || lockOut.kind === 'gocache') ? {[lockOut.kind]: lockOut.repair} : {},
	};
}

/**
 * Explains go's output TEXT: each distinct problem with the lines that show it, the settings in force that bear on it
 * (value and source), the route go takes for the module it names, and the fix. Everything shown is masked.
 */
export function explainOutput(text: string, machine: Machine, env: Env): Explanation {
	return explainWithFixes(text, machine, env).explanation;
}

/**
 * explainOutput, and each problem's fix unmasked (same order), which only the journal sees when --fix applies it: a
 * masked value must never be written back.
 */
export function explainWithFixes(text: string, machine: Machine, env: Env): {explanation: Explanation; fixes: Fix[]} {
	const {matched, unrecognised} = matchOutput(text, machine.values['GOMODCACHE']);
	const routeSettings = routeSettingsFrom(machine.values);
	const fixes: Fix[] = [];
	const problems: Problem[] = matched.map(({finding, lines}) => {
		const described = describe(finding, lines, machine, env);
		fixes.push(described.fix);
		const settings: Problem['settings'] = {};
		for (const key of described.keys) {
			const value = OS_ONLY.has(key) ? env[key] : machine.values[key];
			const source = OS_ONLY.has(key) ? (value === undefined ? 'unset' : 'process') : (machine.sources[key] ?? 'unknown');
			settings[key] = {value: maskSetting(key, value ?? ''), source};
		}
		const evidence = lines.map(maskLine);
		const module = finding.facts['module'];
		if (module !== undefined && machine.values['GOPROXY'] !== undefined) {
			const route = routeModule(module, routeSettings);
			const sources = route.sources.length === 0 ? 'nothing (no download)' : route.sources.map(s => s.url).join(', then ');
			evidence.push(
				`checked: go fetches ${module} from ${sources}; checksum database ${route.checksumDb ?? 'none'}; ${route.matched.GOPRIVATE ? `GOPRIVATE matches "${route.matched.GOPRIVATE}"` : 'no GOPRIVATE pattern matches'}`,
			);
		}
		return {
			class: finding.class,
			summary: maskSecrets(described.summary),
			evidence,
			settings,
			fix: maskFix(described.fix),
			confidence: described.confidence,
		};
	});
	return {explanation: {problems, unrecognised: unrecognised.map(maskLine)}, fixes};
}

function maskFix(fix: Problem['fix']): Problem['fix'] {
	const note = fix.note === undefined ? {} : {note: maskSecrets(fix.note)};
	if (fix.kind === 'command') return {kind: 'command', command: maskSecrets(fix.command), ...note};
	return {
		kind: 'setting',
		changes: fix.changes.map(c => ({key: c.key, value: maskSetting(c.key, c.value), command: maskSecrets(c.command), via: c.via})),
		...note,
	};
}

/**
 * go's lines masked. Each URL is masked on its own first (maskUrl): go's request URLs end in /@v/..., and maskSecrets,
 * which cannot tell where a URL in free text ends, takes that @ for the end of the user info and shows the real one.
 */
export function maskLine(line: string): string {
	return maskSecrets(line.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'`]+/gi, url => maskUrl(url)));
}
