import {stat} from 'node:fs/promises';
import net from 'node:net';
import {fileURLToPath} from 'node:url';
import type {Env} from '../env.js';
import {maskSecrets} from '../mask.js';
import {proxySettingsFrom, type ProxySettings} from '../net/config.js';
import {hostOf, proxyFor} from '../net/no-proxy.js';

export type ProxyProbe = {entry: string; reachable: boolean | 'unknown'; detail: string};

/** GOPROXY entries in order ("," and "|" both separate; go-facts §2.2). */
export function proxyEntries(goproxy: string): string[] {
	return goproxy
		.split(/[,|]/)
		.map(e => e.trim())
		.filter(Boolean);
}

/**
 * Can go reach any GOPROXY entry? A TCP connect (or a directory check for file://) with a short bound, so gotune can say
 * "offline" at once instead of letting go mod tidy wait on a dead network. No request is sent. Where go would go
 * through HTTPS_PROXY/HTTP_PROXY (ENV, core/net's rules), the connect is to that proxy, as go's would be.
 */
export async function probeProxies(goproxy: string, env: Env, timeoutMs = 3000): Promise<ProxyProbe[]> {
	const settings = proxySettingsFrom(env);
	const probes: ProxyProbe[] = [];
	for (const entry of proxyEntries(goproxy)) {
		if (entry === 'off') {
			probes.push({entry, reachable: false, detail: 'GOPROXY=off disables downloads'});
			break;
		}
		if (entry === 'direct') {
			probes.push({entry, reachable: 'unknown', detail: "direct: go contacts each module's version-control host itself"});
			break;
		}
		probes.push(await probeUrl(entry, settings, timeoutMs));
	}
	return probes;
}

async function probeUrl(entry: string, settings: ProxySettings, timeoutMs: number): Promise<ProxyProbe> {
	const shown = maskSecrets(entry);
	let url: URL;
	try {
		url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(entry) ? entry : `https://${entry}`);
	} catch {
		return {entry: shown, reachable: false, detail: 'not a URL'};
	}
	if (url.protocol === 'file:') {
		const ok = await stat(fileURLToPath(url)).then(
			s => s.isDirectory(),
			() => false,
		);
		return {entry: shown, reachable: ok, detail: ok ? 'directory exists' : 'directory missing'};
	}
	const proxy = proxyFor(settings, url);
	const via = proxy ?? url;
	const port = Number(via.port || (via.protocol === 'http:' ? 80 : 443));
	const host = hostOf(via);
	const error = await connect(host, port, timeoutMs);
	const what = proxy ? `the proxy ${proxy.host} (from ${url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY'})` : `${host}:${port}`;
	return {
		entry: shown,
		reachable: error === undefined,
		detail: error === undefined ? `connected to ${what}` : `${proxy ? `${what}: ` : ''}${error}`,
	};
}

function connect(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
	return new Promise(resolve => {
		const socket = net.connect({host, port});
		const done = (error?: string) => {
			socket.destroy();
			resolve(error);
		};
		socket.setTimeout(timeoutMs, () => done(`no answer from ${host}:${port} within ${timeoutMs / 1000} s`));
		socket.once('connect', () => done());
		socket.once('error', e => done(`${host}:${port}: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
	});
}
