import {spawn} from 'node:child_process';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {startConnectProxy} from './connect-proxy.js';
import {makeTestPki} from './tls-cert.js';
import {makeSandbox, type TestSandbox} from './sandbox.js';

export type PrivateGitHost = {
	host: string;
	modulePath: string;
	/** Point HTTPS_PROXY/https_proxy here: the CONNECT proxy maps HOST to the git server on 127.0.0.1. */
	proxyUrl: string;
	/** The test CA (SSL_CERT_FILE for go and gotune, GIT_SSL_CAINFO for git). */
	caFile: string;
	/** The environment go, git and gotune need to reach HOST through the loopback proxy with the test CA. */
	env: Record<string, string>;
	/** The bare repositories (acme/widgets.git), for a second server (SSH) serving the same ones. */
	reposDir: string;
	/** One line per request: `METHOD PATH auth=none|ok|bad`. */
	requests: string[];
	close: () => Promise<void>;
};

/**
 * A private git host on loopback, as a company's GitLab or Gitea looks to go: HTTPS with basic auth (USER/PASSWORD)
 * on everything, the go-get page included; `?go-get=1` answers a go-import tag; the repository is served by git's own
 * `git http-backend` (smart HTTP, run as CGI). It holds a module MODULE_PATH tagged v1.0.0, made at start. Module paths
 * cannot carry a port, so the host has a name (private.example): a CONNECT proxy on 127.0.0.1 resolves it (see
 * connect-proxy.ts), and a test CA made with openssl is trusted through SSL_CERT_FILE / GIT_SSL_CAINFO.
 */
export async function startPrivateGitHost({
	user,
	password,
	openGoGet = false,
}: {
	user: string;
	password: string;
	/** Answer `?go-get=1` without credentials, as GitLab does for go: then only the git fetch needs them. */
	openGoGet?: boolean;
}): Promise<PrivateGitHost> {
	const host = 'private.example';
	const repoPath = 'acme/widgets';
	const modulePath = `${host}/${repoPath}`;
	const dir = await mkdtemp(path.join(os.tmpdir(), 'gotune-githost-'));
	const root = path.join(dir, 'repos');
	await makeModuleRepo(path.join(dir, 'work'), path.join(root, `${repoPath}.git`), modulePath);
	const pki = await makeTestPki([host]);
	const backend = path.join(String((await execa('git', ['--exec-path'])).stdout).trim(), 'git-http-backend');
	const requests: string[] = [];
	const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

	const server = https.createServer(pki.server, (req, res) => {
		const url = new URL(req.url ?? '/', `https://${host}`);
		const given = req.headers.authorization;
		const auth = given === undefined ? 'none' : given === expected ? 'ok' : 'bad';
		requests.push(`${req.method ?? ''} ${url.pathname}${url.search} auth=${auth}`);
		const goGet = url.searchParams.get('go-get') === '1';
		if (auth !== 'ok' && !(goGet && openGoGet)) {
			res.writeHead(401, {'WWW-Authenticate': 'Basic realm="private"', 'Content-Type': 'text/plain'}).end('401 Unauthorized\n');
			return;
		}
		if (goGet) {
			// Like a forge, it answers go-get for any acme/NAME (the repository may not exist: git then says so).
			const name = /^\/acme\/([a-z0-9-]+)/.exec(url.pathname)?.[1];
			if (name === undefined) {
				res.writeHead(404, {'Content-Type': 'text/plain'}).end('404 Not Found\n');
				return;
			}
			res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
			res.end(
				`<!DOCTYPE html><html><head><meta name="go-import" content="${host}/acme/${name} git https://${host}/acme/${name}.git"></head><body></body></html>\n`,
			);
			return;
		}
		runBackend(backend, root, user, req, res, url);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	const proxy = await startConnectProxy({[host]: port});
	const env = {
		HTTPS_PROXY: proxy.url,
		https_proxy: proxy.url,
		NO_PROXY: '',
		no_proxy: '',
		SSL_CERT_FILE: pki.caFile,
		GIT_SSL_CAINFO: pki.caFile,
	};
	return {
		host,
		modulePath,
		proxyUrl: proxy.url,
		caFile: pki.caFile,
		env,
		reposDir: root,
		requests,
		close: async () => {
			await proxy.close();
			server.closeAllConnections();
			await new Promise<void>(resolve => server.close(() => resolve()));
			await pki.cleanup();
			await rm(dir, {recursive: true, force: true});
		},
	};
}

/** CGI: the request becomes git http-backend's environment and stdin; its header lines, then body, the answer. */
function runBackend(backend: string, root: string, user: string, req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
	const child = spawn(backend, [], {
		env: {
			PATH: process.env['PATH'] ?? '/usr/bin:/bin',
			GIT_PROJECT_ROOT: root,
			GIT_HTTP_EXPORT_ALL: '1',
			REQUEST_METHOD: req.method ?? 'GET',
			PATH_INFO: decodeURIComponent(url.pathname),
			QUERY_STRING: url.search.replace(/^\?/, ''),
			CONTENT_TYPE: String(req.headers['content-type'] ?? ''),
			REMOTE_USER: user,
			REMOTE_ADDR: '127.0.0.1',
			...(req.headers['git-protocol'] ? {GIT_PROTOCOL: String(req.headers['git-protocol'])} : {}),
			...(req.headers['content-encoding'] ? {HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'])} : {}),
		},
		stdio: ['pipe', 'pipe', 'ignore'],
		timeout: 30_000,
	});
	req.pipe(child.stdin);
	let head = Buffer.alloc(0);
	let headerDone = false;
	child.stdout.on('data', (chunk: Buffer) => {
		if (headerDone) {
			res.write(chunk);
			return;
		}
		head = Buffer.concat([head, chunk]);
		const end = head.indexOf('\r\n\r\n');
		if (end < 0) return;
		headerDone = true;
		let status = 200;
		const headers: Record<string, string> = {};
		for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
			const colon = line.indexOf(':');
			const name = line.slice(0, colon).trim();
			const value = line.slice(colon + 1).trim();
			if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
			else headers[name] = value;
		}
		res.writeHead(status, headers);
		res.write(head.subarray(end + 4));
	});
	child.on('close', () => {
		if (!headerDone) res.writeHead(502).end('git http-backend failed\n');
		else res.end();
	});
	child.on('error', () => {
		if (!res.headersSent) res.writeHead(502).end('git http-backend failed\n');
	});
}

/** A one-package module, committed and tagged v1.0.0, cloned bare where http-backend serves it. */
async function makeModuleRepo(work: string, bare: string, modulePath: string): Promise<void> {
	await mkdir(work, {recursive: true});
	await writeFile(path.join(work, 'go.mod'), `module ${modulePath}\n\ngo 1.19\n`);
	await writeFile(path.join(work, 'widgets.go'), 'package widgets\n\n// Name is what the test imports.\nconst Name = "widgets"\n');
	const git = (args: string[], cwd = work) =>
		execa('git', args, {
			cwd,
			env: {
				GIT_CONFIG_GLOBAL: '/dev/null',
				GIT_CONFIG_NOSYSTEM: '1',
				GIT_AUTHOR_NAME: 'test',
				GIT_AUTHOR_EMAIL: 'test@private.example',
				GIT_COMMITTER_NAME: 'test',
				GIT_COMMITTER_EMAIL: 'test@private.example',
			},
			timeout: 30_000,
		});
	await git(['init', '-q', '-b', 'main']);
	await git(['add', '.']);
	await git(['commit', '-q', '-m', 'widgets']);
	await git(['tag', 'v1.0.0']);
	await mkdir(path.dirname(bare), {recursive: true});
	await git(['clone', '-q', '--bare', work, bare], os.tmpdir());
}

/**
 * A new team member's machine for HOST: a sandbox whose git reaches the private host (its env, no system git config)
 * and a repository whose origin is the private module, holding PROFILE as its gotune.json.
 */
export async function teamRepoFor(host: PrivateGitHost, profile: object): Promise<{sandbox: TestSandbox; repo: string}> {
	const sandbox = await makeSandbox({extraEnv: {...host.env, GIT_CONFIG_NOSYSTEM: '1'}});
	await mkdir(sandbox.env['HOME']!, {recursive: true});
	const repo = path.join(sandbox.dir, 'repo');
	await mkdir(repo, {recursive: true});
	const git = (...args: string[]) => execa('git', ['-C', repo, ...args], {env: sandbox.env as Record<string, string>, extendEnv: false});
	await git('init', '-q');
	await git('remote', 'add', 'origin', `https://${host.modulePath}.git`);
	await writeFile(path.join(repo, 'gotune.json'), JSON.stringify(profile));
	return {sandbox, repo};
}
