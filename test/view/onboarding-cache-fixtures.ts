import type {SharePlan} from '../../source/core/cache/share/index.js';
import type {ChangeSet} from '../../source/core/journal/contract.js';
import {TaskCancelled} from '../../source/core/task.js';
import type {BuildCacheCheck} from '../../source/ui/services/team-profile.js';
import type {Services} from '../../source/ui/services.js';
import {fakeServices, fakeTeamProfile} from './fixtures.js';

export const CACHE_SERVER = 'http://10.0.0.7:31364';
export const CACHE_CLIENT = 'github.com/bradfitz/go-tool-cache/cmd/go-cacher@v0.0.0-20260722201841-0bb331e19f64';
/** The server's bearer token (from GOTUNE_CACHE_TOKEN) in the GOCACHEPROG value: never on screen. */
export const CACHE_TOKEN = 's3cr3t-cache-token';
const HOME = '/home/ana';
export const GOENV_FILE = `${HOME}/.config/go/env`;
export const GO_INSTALL_ERROR = `go: ${CACHE_CLIENT}: module lookup disabled by GOPROXY=off`;

export type CacheCheckKind = 'ready' | 'in-place' | 'old-go' | 'down' | 'checking';

function plan(): SharePlan {
	const [pkg, version] = CACHE_CLIENT.split('@') as [string, string];
	const binary = `${HOME}/go/bin/go-cacher`;
	return {
		goVersion: 'go1.26.8',
		client: {pkg, version, binary: 'go-cacher', query: CACHE_CLIENT, bundled: false},
		server: CACHE_SERVER,
		token: CACHE_TOKEN,
		gobin: `${HOME}/go/bin`,
		gobinExists: true,
		binary,
		replacesBinary: false,
		value: `${binary} --cache-dir ${HOME}/.cache/go-cacher --cache-server ${CACHE_SERVER} --access-token ${CACHE_TOKEN}`,
		current: '',
		shadowedByEnvironment: false,
		diskDir: `${HOME}/.cache/go-cacher`,
		serverCheck: {ok: true, server: CACHE_SERVER, ms: 12},
		goflags: '-mod=mod -trimpath',
		trimpath: false,
		// go-cacher takes the token on its command line: the plan says so (gotune-cacher, the default, reads a 0600 file).
		tokenInClear: true,
	};
}

function check(kind: CacheCheckKind): Promise<BuildCacheCheck> {
	switch (kind) {
		case 'ready':
		case 'in-place':
			return Promise.resolve({kind: 'ready', plan: plan(), goenvFile: GOENV_FILE, inPlace: kind === 'in-place'});
		case 'old-go':
			return Promise.resolve({kind: 'old-go', server: CACHE_SERVER, goVersion: 'go1.23.12'});
		case 'down':
			return Promise.resolve({
				kind: 'problem',
				server: CACHE_SERVER,
				problem: `${CACHE_SERVER} cannot be reached: connect ECONNREFUSED 10.0.0.7:31364`,
			});
		case 'checking':
			// Held still: the check never answers while the screen is drawn.
			return new Promise(() => undefined);
	}
}

/**
 * The onboarding with a team profile whose buildCache is in each state, held still: the profile (GOFLAGS to change,
 * a buildCache with -trimpath), the check's answer, and applying that hangs in go install (until Esc), fails with
 * go's error, or is done. The real thing runs in test/integration/onboarding-cache.test.tsx.
 */
export function fakeOnboardingCache({
	cache = 'ready',
	apply = 'hang',
	keys = true,
}: {cache?: CacheCheckKind; apply?: 'hang' | 'fail' | 'done'; keys?: boolean} = {}): Services {
	const base = fakeTeamProfile().teamProfile;
	const profile = {name: 'Acme backend', env: {GOFLAGS: '-mod=mod'}, buildCache: {server: CACHE_SERVER, trimpath: true}};
	return {
		...fakeServices(),
		teamProfile: {
			...base,
			find: async () => ({kind: 'found', file: '/work/acme/gotune.json', profile, problems: []}),
			plan: async () => [{key: 'GOFLAGS', before: {present: false}, after: {present: true, value: '-mod=mod'}, unchanged: !keys}],
			buildCache: () => check(cache),
			apply: async (_file, _profile, _keys, _tools, options = {}) => {
				options.emit?.({kind: 'install', query: `go install ${CACHE_CLIENT}`});
				if (apply === 'fail') throw new Error(`go install ${CACHE_CLIENT} failed: ${GO_INSTALL_ERROR}\nNothing was changed.`);
				if (apply === 'done')
					return {
						id: '9',
						time: '',
						origin: 'profile:/work/acme/gotune.json',
						status: 'applied',
						entries: [
							{target: {kind: 'directory', path: `${HOME}/go/bin/go-cacher`}},
							{target: {kind: 'goenv', key: 'GOCACHEPROG'}},
							{target: {kind: 'goenv', key: 'GOFLAGS'}},
						],
					} as unknown as ChangeSet;
				return new Promise((_resolve, reject) =>
					options.signal?.addEventListener('abort', () => reject(new TaskCancelled('the install')), {once: true}),
				);
			},
		},
	};
}
