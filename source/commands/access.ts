import type {Writable} from 'node:stream';
import {
	accessTargets,
	argProblem,
	checkAccess,
	FIX_KINDS,
	SECRET_FIXES,
	fixHint,
	goAuthIn,
	goModModules,
	remoteModules,
	goauthValueProblem,
	isModuleArg,
	passwordProblem,
	patternElements,
	planFix,
	problemWords,
	type FixKind,
	type FixOffer,
	type HostAccess,
} from '../core/access/index.js';
import {openJournal, type ChangeSet} from '../core/journal/index.js';
import {maskSecrets} from '../core/mask.js';
import {findTeamProfile, readProfile} from '../core/profile/index.js';
import {loadProxyContext} from '../core/proxy/index.js';
import {UsageError, type CommandContext} from './context.js';
import {asCommandErrors, confirm} from './journal-output.js';
import {readMaskedSecret} from './secret-prompt.js';
import {paint, styleFor, symbol, wrap, writeLine, type Style} from './output.js';

const USAGE =
	'gotune access [MODULE|PATTERN...] [--json] [--fix netrc|insteadof|goauth|credential-helper] [--user NAME --password-stdin] [--goauth MODE] [--yes]';

/**
 * `gotune access`: can go download the team's private modules? For every host a private pattern covers, the go-get
 * answer and git ls-remote as go runs them; with --fix, the change that reaches the failing request, shown, asked and
 * journaled. Exit 0 every host works, 1 a host fails (or a fix was declined), 2 bad input.
 */
export async function run(context: CommandContext): Promise<number> {
	const {runtime, positionals, flags, stdout, stderr} = context;
	const json = Boolean(flags['json']);
	let inputs: Inputs;
	try {
		inputs = await readInputs(context);
	} catch (error) {
		if (error instanceof Interrupted) return 130;
		throw error;
	}
	const proxy = await loadProxyContext(runtime);
	const {goMinor, goauth} = goAuthIn(proxy.goValues);
	const profilePatterns = await readProfilePatterns(runtime.cwd);
	const argPatterns = positionals.filter(a => !isModuleArg(a));
	const patterns = [
		...patternElements(proxy.settings.GOPRIVATE),
		...patternElements(proxy.settings.GONOPROXY),
		...profilePatterns,
		...argPatterns,
	];
	const known = {
		named: positionals.filter(isModuleArg),
		remotes: await remoteModules(runtime),
		goMod: await goModModules(proxy.goModFile, proxy.requirements),
	};
	const targets = accessTargets(patterns, known);
	const settings = {env: runtime.env, cwd: runtime.cwd, goinsecure: proxy.settings.GOINSECURE, ...(goauth === undefined ? {} : {goauth})};
	let hosts = await checkAccess(targets, settings);

	let changeSet: ChangeSet | undefined;
	let offers: FixOffer[] = [];
	const info = json ? stderr : stdout;
	const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
	if (inputs.fix !== undefined) {
		const failing = hosts.filter(h => !h.ok && h.problem !== 'unchecked');
		offers = await Promise.all(
			failing.map(h =>
				planFix(inputs.fix!, h, {
					env: runtime.env,
					...(Number.isFinite(goMinor) ? {goMinor} : {}),
					...(goauth === undefined ? {} : {goauth}),
					...inputs.secrets,
				}),
			),
		);
		const offered = offers.filter((o): o is Extract<FixOffer, {offered: true}> => o.offered);
		writeOffers(info, style, offers);
		if (offered.length > 0) {
			const answer = await confirm(context, `Apply ${offered.length === 1 ? 'this change' : `these ${offered.length} changes`}?`, USAGE);
			if (answer === 'interrupted') return 130;
			if (answer === 'yes') {
				const journal = openJournal(runtime);
				try {
					for (const o of offered) await o.stage?.();
					changeSet = await asCommandErrors(USAGE, () =>
						journal.applySteps(
							offered.flatMap(o => o.steps),
							`access:fix-${inputs.fix!}`,
						),
					);
				} finally {
					// What was staged and not put in place (a refusal, a failure) holds the password: it goes.
					for (const o of offered) await o.discard?.();
				}
				if (changeSet) writeLine(info, `Applied change set #${changeSet.id}. Undo: gotune rollback --to ${changeSet.id}. Checking again:`);
				// The fix may have been GOAUTH itself: go env says what is in force now.
				const now = goAuthIn((await loadProxyContext(runtime)).goValues).goauth;
				hosts = await checkAccess(targets, {...settings, ...(now === undefined ? {} : {goauth: now})});
			} else writeLine(info, 'Not applied; nothing was written.');
		}
	}

	if (json) {
		writeLine(
			stdout,
			JSON.stringify(
				{
					hosts: hosts.map(jsonHost),
					...(inputs.fix === undefined
						? {}
						: {
								fixes: offers.map(o =>
									o.offered
										? {kind: o.kind, host: o.host, offered: true, serves: o.serves}
										: {kind: o.kind, host: o.host, offered: false, serves: o.serves, why: maskSecrets(o.why)},
								),
							}),
					changeSet: changeSet?.id ?? null,
				},
				null,
				2,
			),
		);
	} else writeHosts(stdout, style, hosts);
	return hosts.some(h => !h.ok && h.problem !== 'unchecked') ? 1 : 0;
}

/** Ctrl-C at the password prompt. */
class Interrupted extends Error {}

type Inputs = {fix?: FixKind; secrets: {user?: string; password?: string; goauthValue?: string}};

/** Flags checked before anything runs (exit 2 naming the input); the password read from stdin, never echoed. */
async function readInputs({positionals, flags, stdin, stderr}: CommandContext): Promise<Inputs> {
	for (const arg of positionals) {
		const problem = argProblem(arg);
		if (problem)
			throw new UsageError(
				`"${maskSecrets(arg)}" is neither a module path nor a pattern (${problem}); give e.g. private.example/acme/widgets or 'private.example/*'`,
			);
	}
	const fixFlag = flags['fix'];
	if (fixFlag !== undefined && !FIX_KINDS.includes(fixFlag as FixKind))
		throw new UsageError(`--fix "${String(fixFlag)}": the fixes are ${FIX_KINDS.join(', ')}`);
	const fix = fixFlag as FixKind | undefined;
	const user = typeof flags['user'] === 'string' ? flags['user'] : undefined;
	const fromStdin = Boolean(flags['password-stdin']);
	const needsSecret = fix !== undefined && SECRET_FIXES.includes(fix);
	if ((user !== undefined || fromStdin) && !needsSecret)
		throw new UsageError(
			'--user and --password-stdin go with --fix netrc or --fix credential-helper (they make the ~/.netrc entry or the credential store)',
		);
	const canAsk = stdin.isTTY === true && stderr.isTTY === true;
	if (needsSecret && (user === undefined || (!fromStdin && !canAsk)))
		throw new UsageError(
			`--fix ${fix} needs --user NAME and the password or token, asked on the terminal or piped in with --password-stdin (it is never taken as an argument, where ps and shell history would show it)`,
		);
	if (user !== undefined && !/^[^\s#]+$/.test(user)) throw new UsageError(`--user "${user}": a user name without spaces or '#'`);
	const goauthFlag = typeof flags['goauth'] === 'string' ? flags['goauth'] : undefined;
	if (goauthFlag !== undefined && fix !== 'goauth') throw new UsageError('--goauth MODE goes with --fix goauth');
	const goauthProblem = goauthFlag === undefined ? undefined : goauthValueProblem(goauthFlag);
	if (goauthProblem) throw new UsageError(`--goauth: ${goauthProblem}`);
	let password: string | undefined;
	if (needsSecret) {
		const typed = fromStdin
			? (await readAll(stdin)).replace(/\r?\n$/, '')
			: await readMaskedSecret(stdin, stderr, `Password or token for ${user ?? ''} (not shown): `);
		if (typed === 'interrupted') throw new Interrupted();
		const problem = passwordProblem(fix!, typed);
		// Never quote the value: it is the secret.
		if (problem) throw new UsageError(`${fromStdin ? '--password-stdin' : 'the password typed'}: ${problem}; nothing was written`);
		password = typed;
	}
	return {
		...(fix ? {fix} : {}),
		secrets: {...(user ? {user} : {}), ...(password ? {password} : {}), ...(goauthFlag ? {goauthValue: goauthFlag} : {})},
	};
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
	return Buffer.concat(chunks).toString('utf8');
}

async function readProfilePatterns(cwd: string): Promise<string[]> {
	const file = await findTeamProfile(cwd);
	const profile = file ? await readProfile(file).catch(() => undefined) : undefined;
	return [...patternElements(profile?.env['GOPRIVATE']), ...patternElements(profile?.env['GONOPROXY'])];
}

function jsonHost(h: HostAccess) {
	return {
		host: h.host,
		patterns: h.patterns,
		...(h.module ? {module: h.module} : {}),
		...(h.repo ? {repo: maskSecrets(h.repo)} : {}),
		method: h.method,
		ok: h.ok,
		problem: h.problem ?? null,
		...(h.stage ? {stage: h.stage} : {}),
		detail: maskSecrets(h.detail),
	};
}

function writeOffers(out: Writable, style: Style, offers: FixOffer[]): void {
	for (const offer of offers) {
		writeLine(out, paint(style, 'bold', `--fix ${offer.kind} for ${offer.host}`));
		for (const line of wrap(offer.serves, style.width, '    ')) writeLine(out, paint(style, 'dim', line));
		if (!offer.offered) {
			for (const line of wrap(`not offered: ${maskSecrets(offer.why)}`, style.width, '  ')) writeLine(out, line);
			continue;
		}
		for (const line of offer.shown) writeLine(out, `  ${line}`);
		for (const warning of offer.warnings)
			for (const line of wrap(`! ${warning}`, style.width, '  ')) writeLine(out, paint(style, 'yellow', line));
	}
}

function writeHosts(out: Writable, style: Style, hosts: HostAccess[]): void {
	if (hosts.length === 0) {
		writeLine(
			out,
			'No private modules here: no GOPRIVATE/GONOPROXY pattern (in force or in the team profile) matches a module of this repository. Name one: gotune access MODULE',
		);
		return;
	}
	for (const h of hosts) {
		const status = h.ok ? 'ok' : h.problem === 'unchecked' ? 'warn' : 'error';
		const how = h.method === 'none' ? '' : ` (git over ${h.method})`;
		writeLine(out, `${symbol(style, status)} ${paint(style, 'bold', h.host)}${how}  patterns: ${h.patterns.join(', ') || '(named)'}`);
		for (const line of wrap(problemWords(h), style.width, '    ')) writeLine(out, line);
		for (const line of wrap(maskSecrets(h.detail), style.width, '    ')) writeLine(out, paint(style, 'dim', line));
		if (!h.ok && h.problem !== 'unchecked') for (const line of wrap(fixHint(h), style.width, '    ')) writeLine(out, line);
	}
}
