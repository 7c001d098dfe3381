import type {FixKind, FixOffer, HostAccess} from '../../core/access/index.js';
import type {ChangeSet} from '../../core/journal/contract.js';
import type {Runtime} from '../../core/runtime.js';
import type {Task} from '../../core/task.js';
import type {JournalOpener} from './open-journal.js';
import type {AccessRow} from './team-profile.js';

/** The fix the wizard offers for a failing host: what it changes (the secret as ********) and which part of go/git it reaches. */
export type FixPreview =
	| {offered: true; host: string; kind: FixKind; serves: string; shown: string[]; warnings: string[]; needsSecret: boolean}
	| {offered: false; host: string; serves: string; why: string};

/** A fix planned with the typed user name and password: TOKEN names it (the secret stays in the service, never in a screen's state). */
export type StagedFix = {token: string; host: string; kind: FixKind; serves: string; shown: string[]; warnings: string[]};

/** The proof after a fix: the host checked again, and `go mod download MODULE@latest` run for real. */
export type FixOutcome = {
	changeSet: ChangeSet | undefined;
	row: AccessRow;
	download: {module: string; ok: boolean; lines: string[]; durationMs: number};
};

export type AccessFixServices = {
	/** The first fix that reaches HOST's failing request (netrc, goauth, credential-helper, insteadof), planned without a secret. */
	fixPreview: Task<{env: Record<string, string>; host: string}, never, FixPreview>;
	/** Plans KIND for HOST with the user name and password; the planned steps (holding the secret) stay here under the token. */
	fixStage: Task<
		{env: Record<string, string>; host: string; kind: FixKind; user?: string; password?: string},
		never,
		StagedFix | FixPreview
	>;
	/** Applies the staged fix through the journal (one change set), then checks HOST again and downloads its module. */
	fixApply: Task<string, never, FixOutcome>;
	/** Drops a staged fix that was declined (its secret goes with it). */
	fixForget: (token: string) => Promise<void>;
};

// The order the wizard tries: the fixes that reach both go's own requests and git first.
const ORDER: FixKind[] = ['netrc', 'goauth', 'credential-helper', 'insteadof'];
// Placeholders only for planning what a fix would change before the person typed anything; never applied.
const PREVIEW_SECRET = {user: 'NAME', password: 'preview'};

export function createAccessFixServices(runtime: Runtime, journal: JournalOpener): AccessFixServices {
	const staged = new Map<string, {offer: Extract<FixOffer, {offered: true}>; access: HostAccess; env: Record<string, string>}>();
	let next = 0;

	/** HOST checked now, as the onboarding checked it (the profile's private patterns over the repository's modules). */
	const hostAccess = async (env: Record<string, string>, host: string, signal: AbortSignal) => {
		const {checkProfileAccess} = await import('../../core/access/index.js');
		const hosts = await checkProfileAccess(runtime, env, () => undefined, signal);
		const found = hosts.find(h => h.host === host);
		if (found === undefined) throw new Error(`${host} is no longer among the private hosts of the team profile`);
		return found;
	};
	const fixInputs = async () => {
		const [{goAuthIn}, {loadProxyContext}] = await Promise.all([
			import('../../core/access/index.js'),
			import('../../core/proxy/settings.js'),
		]);
		const {goMinor, goauth} = goAuthIn((await loadProxyContext(runtime)).goValues);
		return {env: runtime.env, ...(Number.isFinite(goMinor) ? {goMinor} : {}), ...(goauth === undefined ? {} : {goauth})};
	};

	return {
		fixPreview: async ({env, host}, {signal}) => {
			const [{planFix, SECRET_FIXES, FIX_SERVES}, access, inputs] = await Promise.all([
				import('../../core/access/index.js'),
				hostAccess(env, host, signal),
				fixInputs(),
			]);
			const offers = [];
			for (const kind of ORDER) {
				const offer = await planFix(kind, access, {...inputs, ...PREVIEW_SECRET});
				if (offer.offered) {
					const needsSecret = SECRET_FIXES.includes(kind);
					// The preview's lines name the user NAME and mask the placeholder like the real secret.
					return {offered: true, host, kind, serves: offer.serves, shown: offer.shown, warnings: offer.warnings, needsSecret};
				}
				offers.push(offer);
			}
			const why = offers.map(o => (o.offered ? '' : `--fix ${o.kind}: ${o.why}`)).join('; ');
			return {offered: false, host, serves: FIX_SERVES.netrc, why};
		},
		fixStage: async ({env, host, kind, user, password}, {signal}) => {
			const [{planFix}, access, inputs] = await Promise.all([
				import('../../core/access/index.js'),
				hostAccess(env, host, signal),
				fixInputs(),
			]);
			const offer = await planFix(kind, access, {
				...inputs,
				...(user === undefined ? {} : {user}),
				...(password === undefined ? {} : {password}),
			});
			if (!offer.offered) return {offered: false, host, serves: offer.serves, why: offer.why};
			const token = `fix-${++next}`;
			staged.set(token, {offer, access, env});
			return {token, host, kind, serves: offer.serves, shown: offer.shown, warnings: offer.warnings};
		},
		fixApply: async (token, {signal}) => {
			const entry = staged.get(token);
			if (entry === undefined) throw new Error('the staged fix is gone; press f again');
			staged.delete(token);
			const {offer, access, env} = entry;
			let changeSet: ChangeSet | undefined;
			try {
				await offer.stage?.();
				changeSet = await (await journal()).applySteps(offer.steps, `access:fix-${offer.kind}`);
			} finally {
				// What was staged and not put in place holds the password: it goes, as in `gotune access --fix`.
				await offer.discard?.();
			}
			const now = await hostAccess(env, access.host, signal);
			const [{problemWords, fixCommand}] = await Promise.all([import('../../core/access/index.js')]);
			const fix = fixCommand(now);
			const row: AccessRow = now.ok
				? {host: now.host, status: 'ok', words: `${problemWords(now)} (git over ${now.method})`}
				: {host: now.host, status: 'error', words: problemWords(now), ...(fix ? {fix} : {})};
			const module = now.module ?? access.module ?? access.host;
			return {changeSet, row, download: await downloadProof(runtime, module, env, signal)};
		},
		fixForget: async token => {
			staged.delete(token);
		},
	};
}

/**
 * The proof go can fetch the private module: `go mod download -json MODULE@latest` in an empty directory (no go.mod
 * touched), under the team profile's settings ENV (its GOPRIVATE may not be applied yet: go would ask the proxy).
 */
async function downloadProof(
	runtime: Runtime,
	module: string,
	env: Record<string, string>,
	signal: AbortSignal,
): Promise<FixOutcome['download']> {
	const [{goFor}, {maskSecrets}, {mkdtemp, rm}, os, path] = await Promise.all([
		import('../../core/steps/module.js'),
		import('../../core/mask.js'),
		import('node:fs/promises'),
		import('node:os'),
		import('node:path'),
	]);
	const dir = await mkdtemp(path.join(os.tmpdir(), 'gotune-access-proof-'));
	try {
		const go = await goFor(runtime);
		const run = await go.run(['mod', 'download', '-json', `${module}@latest`], {cwd: dir, env, signal, timeoutMs: 120_000});
		const text = maskSecrets(run.exitCode === 0 ? '' : run.stderr || run.stdout);
		const lines = text
			.split('\n')
			.filter(line => line.trim() !== '')
			.slice(0, 6);
		return {module, ok: run.exitCode === 0, lines, durationMs: run.durationMs};
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}
