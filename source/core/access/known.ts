import {readFile} from 'node:fs/promises';
import {parseModText} from '../module/gomod-text.js';
import {gitRemotes, loadProxyContext} from '../proxy/index.js';
import type {Runtime} from '../runtime.js';
import {checkAccess, type AccessSettings, type HostAccess} from './check.js';
import {accessTargets, modulesFromRemotes, patternElements, type AccessTarget} from './targets.js';

/** go's minor version and, from go 1.24 on, GOAUTH in force (go env prints its default, netrc). */
export function goAuthIn(values: Record<string, string | undefined> = {}): {goMinor: number; goauth?: string} {
	const goMinor = Number(/^go1\.(\d+)/.exec(values['GOVERSION'] ?? '')?.[1] ?? Number.NaN);
	return Number.isFinite(goMinor) && goMinor >= 24 ? {goMinor, goauth: values['GOAUTH'] ?? 'netrc'} : {goMinor};
}

/** Module paths of the repository's git remotes (git remote -v in CWD). */
export async function remoteModules(runtime: Runtime): Promise<string[]> {
	return modulesFromRemotes(await gitRemotes(runtime.cwd, runtime.env));
}

/** go.mod's own module path and its requirements. */
export async function goModModules(file: string | undefined, requirements: Array<{path: string}>): Promise<string[]> {
	const own = file ? parseModText(await readFile(file, 'utf8').catch(() => '')).module : undefined;
	return [...(own ? [own] : []), ...requirements.map(r => r.path)];
}

/** What the wizard's onboarding reports while it checks a team profile's private hosts. */
type AccessEvent = {kind: 'hosts'; hosts: string[]} | {kind: 'host'; access: HostAccess};

/**
 * The team profile's private hosts (its GOPRIVATE/GONOPROXY patterns over the repository's remotes and go.mod
 * modules), each checked as go will fetch it; one `host` event per host as its check ends, so the view can show a
 * spinner per host until then.
 */
export async function checkProfileAccess(
	runtime: Runtime,
	profileEnv: Record<string, string>,
	emit: (event: AccessEvent) => void,
	signal: AbortSignal,
): Promise<HostAccess[]> {
	const patterns = [...patternElements(profileEnv['GOPRIVATE']), ...patternElements(profileEnv['GONOPROXY'])];
	if (patterns.length === 0) return [];
	const proxy = await loadProxyContext(runtime);
	const targets: AccessTarget[] = accessTargets(patterns, {
		named: [],
		remotes: await remoteModules(runtime),
		goMod: await goModModules(proxy.goModFile, proxy.requirements),
	});
	emit({kind: 'hosts', hosts: targets.map(t => t.host)});
	const {goauth} = goAuthIn(proxy.goValues);
	const settings: AccessSettings = {
		env: runtime.env,
		cwd: runtime.cwd,
		goinsecure: proxy.settings.GOINSECURE,
		signal: AbortSignal.any([signal, AbortSignal.timeout(30_000)]),
		...(goauth === undefined ? {} : {goauth}),
	};
	return Promise.all(
		targets.map(async target => {
			const [access] = await checkAccess([target], settings);
			emit({kind: 'host', access: access!});
			return access!;
		}),
	);
}

/** Which `gotune access --fix` reaches the failing request, as the command to run; undefined when none does. */
export function fixCommand(h: HostAccess): string | undefined {
	const module = h.module ?? h.host;
	if (h.problem === 'no-credentials' || h.problem === 'wrong-credentials')
		return h.stage === 'go-get'
			? `gotune access ${module} --fix netrc --user NAME (or --fix goauth on go >= 1.24)`
			: `gotune access ${module} --fix netrc --user NAME (git over https; or --fix credential-helper), or --fix insteadof (git over SSH with your key)`;
	if (h.problem === 'ssh-key-missing') return `gotune access ${module} --fix netrc --user NAME (fetch over https instead of SSH)`;
	return undefined;
}

/** The problem and, when there is one, the fix: for the command's text output and the wizard. */
export function fixHint(h: HostAccess): string {
	if (h.problem === 'no-credentials' || h.problem === 'wrong-credentials')
		return h.stage === 'go-get'
			? "fix: go's own request needs credentials: gotune access --fix netrc --user NAME --password-stdin (or --fix goauth on go >= 1.24)"
			: 'fix: gotune access --fix netrc --user NAME --password-stdin (git over https; or --fix credential-helper, a git credential store of its own), or --fix insteadof (git over SSH with your key)';
	if (h.problem === 'ssh-key-missing')
		return `fix: add your SSH key to ${h.host} (ssh-add -l lists the loaded keys), or fetch over https with --fix netrc`;
	if (h.problem === 'unreachable')
		return 'fix: check the network, VPN or HTTPS_PROXY/NO_PROXY; no setting of go or git can reach a host the network does not';
	if (h.problem === 'repo-absent') return 'fix: check the module path (and that your account can see the repository)';
	return 'no fix gotune knows for this';
}
