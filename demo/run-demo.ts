// npm run demo: gotune in a throwaway sandbox, with loopback GOPROXY mirrors serving the demo project's modules, so anyone
// can walk every step (apply and undo included) without touching their own settings. Removed again on exit, Ctrl-C
// included. The exit code is gotune's. Run from the checkout (npm sets the working directory); the npm script builds
// dist/ and this file first.
import {cp, mkdtemp, rm} from 'node:fs/promises';
import {existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {prepareSandbox} from '../source/core/sandbox.js';
import {which} from '../source/core/which.js';
import type {Env} from '../source/core/env.js';
import {startModuleProxy} from '../test/helpers/module-proxy.js';
import {loadDemoModules, noSumDbPatterns} from './modules.js';

const root = process.cwd();
/** GOTUNE_DEMO_CLI: another build of gotune (the e2e test runs the same build as the other e2e tests). */
const cli = process.env['GOTUNE_DEMO_CLI'] ?? path.join(root, 'dist', 'cli.js');
/** The project the wizard starts in: Go sources that import the served modules, and no go.mod yet (the Module step makes it). */
const PROJECT_NAME = 'filetop';

const say = (text: string) => process.stderr.write(`gotune demo: ${text}\n`);

/**
 * The demo outlives gotune to clean up, whatever signal arrives. Ctrl-C reaches the whole foreground group, gotune
 * included, so it is not passed on; SIGTERM and SIGHUP come to the demo alone and are. Before gotune runs, any of
 * them just means: do not start it.
 */
let child: ReturnType<typeof execa> | undefined;
let interrupted: number | undefined;
const onSignal = (signal: NodeJS.Signals) => {
	if (child === undefined) interrupted ??= 128 + os.constants.signals[signal];
	else if (signal !== 'SIGINT') child.kill(signal);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

async function main(): Promise<number> {
	if (!existsSync(cli) || !existsSync(path.join(root, 'demo', 'modules'))) {
		say(`run it from the gotune checkout with \`npm run demo\` (looked for ${cli} and ${path.join(root, 'demo', 'modules')})`);
		return 2;
	}
	// Nothing of the user's Go settings may reach the sandbox: an exported GOPROXY or GOFLAGS would beat the sandbox's GOENV file.
	const base: Env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GO')));
	const goBin = await which('go', base);
	if (goBin === undefined) {
		say('no go command on PATH: install Go first (https://go.dev/dl/, or apt-get install golang-go), then run the demo again');
		return 1;
	}
	const modules = await loadDemoModules(path.join(root, 'demo', 'modules'));
	const sandbox = await mkdtemp(path.join(os.tmpdir(), 'gotune-demo-'));
	// Two loopback mirrors of the same modules, one 150 ms slower per answer, and GOPROXY starts with the slow one: the
	// Proxy step has a real choice to measure and a better order to recommend.
	const [slow, fast] = await Promise.all([startModuleProxy(modules, {latencyMs: 150}), startModuleProxy(modules)]);
	let env: Env = base;
	const cleanup = async () => {
		await Promise.all([slow.close(), fast.close()]);
		// The module cache is read-only (0555 directories): go clean -modcache knows how to remove it.
		await execa(goBin, ['clean', '-modcache'], {env, extendEnv: false, cwd: sandbox, reject: false, timeout: 30_000});
		await rm(sandbox, {recursive: true, force: true});
	};
	try {
		env = await prepareSandbox(sandbox, base);
		// The sandbox's starting point, as a user's machine might be: GOPROXY is this loopback proxy. No journal
		// entry: this is the state gotune finds, not a change it makes. GONOSUMDB: go would otherwise ask the
		// checksum database (sum.golang.org, on the network) about these made-up modules and fail offline.
		const setup = await execa(goBin, ['env', '-w', `GOPROXY=${slow.url},${fast.url}`, `GONOSUMDB=${noSumDbPatterns(modules)}`], {env, extendEnv: false, cwd: sandbox, reject: false});
		if (setup.exitCode !== 0) throw new Error(`go env -w failed: ${setup.stderr}`);
		const project = path.join(sandbox, 'home', 'src', PROJECT_NAME);
		await cp(path.join(root, 'demo', 'project'), project, {recursive: true});

		say(`sandbox ${sandbox} (removed on exit; your own Go settings are not touched)`);
		say(`GOPROXY=${slow.url} (answers 150 ms late),${fast.url}: two loopback mirrors of ${modules.map(mod => `${mod.path}@${mod.version}`).join(', ')}`);
		say(`starting gotune in ${project}: Go sources without a go.mod yet`);
		// The Proxy step's public candidates (proxy.golang.org, ...) replaced by the fast mirror, already a candidate as
		// part of GOPROXY: the demo never leaves the machine.
		// GOTUNE_GO_MIRROR: the Toolchain step's release-table refresh (and install-go) ask the loopback mirror, which has no
		// release feed, instead of go.dev: the demo stays offline and shows the bundled table's date.
		// GOTUNE_PROBE_MODULE: a module the mirrors serve, for the Proxy step while the project has no requirement (the
		// demo module chosen, or no go.mod tidied yet); its golang.org/x/text stand-in is not on them (issue 19).
		const probeModule = `${modules[0]!.path}@${modules[0]!.version}`;
		return await runGotune(
			{...env, GOTUNE_PROXY_DEFAULTS: fast.url, GOTUNE_GO_MIRROR: `${fast.url}/dl/`, GOTUNE_PROBE_MODULE: probeModule},
			sandbox,
			project,
		);
	} finally {
		await cleanup();
		say('sandbox removed, proxies stopped');
	}
}

async function runGotune(env: Env, sandbox: string, project: string): Promise<number> {
	if (interrupted !== undefined) return interrupted;
	child = execa(process.execPath, [cli, '--sandbox', sandbox], {cwd: project, env, extendEnv: false, stdio: 'inherit', reject: false});
	const result = await child;
	child = undefined;
	if (result.exitCode !== undefined) return result.exitCode;
	const number = result.signal ? os.constants.signals[result.signal as NodeJS.Signals] : undefined;
	return number === undefined ? 1 : 128 + number;
}

main().then(
	code => {
		process.exitCode = interrupted ?? code;
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, onSignal);
	},
	(error: unknown) => {
		say(error instanceof Error ? error.message : String(error));
		process.exitCode = 1;
	},
);
