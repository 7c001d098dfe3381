import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {nonEmpty, type Env} from '../env.js';
import type {NetConfig} from './config.js';

export type NetrcLine = {machine: string; login: string; password: string};

/** cmd/go/internal/auth parseNetrc: machine/login/password triples; `default` ends the file; macdef bodies skipped. */
export function parseNetrc(data: string): NetrcLine[] {
	const out: NetrcLine[] = [];
	let line = {machine: '', login: '', password: ''};
	let inMacro = false;
	for (const text of data.split('\n')) {
		if (inMacro) {
			if (text === '') inMacro = false;
			continue;
		}
		const f = text.split(/\s+/).filter(Boolean);
		let i = 0;
		for (; i < f.length - 1; i += 2) {
			switch (f[i]) {
				case 'machine':
					line = {machine: f[i + 1]!, login: '', password: ''};
					break;
				case 'login':
					line.login = f[i + 1]!;
					break;
				case 'password':
					line.password = f[i + 1]!;
					break;
				case 'macdef':
					inMacro = true;
					break;
				default:
					break;
			}
			if (line.machine !== '' && line.login !== '' && line.password !== '') {
				out.push(line);
				line = {machine: '', login: '', password: ''};
			}
		}
		if (i < f.length && f[i] === 'default') break;
	}
	return out;
}

/** $NETRC, else ~/.netrc; a missing or unreadable file holds no credentials. */
export async function readNetrc(env: Env): Promise<NetrcLine[]> {
	const file = nonEmpty(env, 'NETRC') ?? (nonEmpty(env, 'HOME') === undefined ? undefined : path.join(env['HOME']!, '.netrc'));
	if (file === undefined) return [];
	return parseNetrc(await readFile(file, 'utf8').catch(() => ''));
}

/**
 * The Authorization header go would send to TARGET, or undefined: ~/.netrc for https requests, matched on
 * host[:port] exactly (cmd/go/internal/auth), else user:password from the URL, both as Basic authorization.
 */
export function authorizationFor(config: NetConfig, target: URL): string | undefined {
	if (target.protocol === 'https:') {
		// Go's req.Host is the URL's host with its port as written; Node drops a default port, so try both forms.
		const hosts = [target.host, target.port === '' ? `${target.hostname}:443` : undefined];
		const entry = config.netrc.find(l => hosts.includes(l.machine));
		if (entry) return basic(entry.login, entry.password);
	}
	if (target.username !== '') return basic(decodeURIComponent(target.username), decodeURIComponent(target.password));
	return undefined;
}

/** Basic credentials from a URL's user info (a proxy's Proxy-Authorization), or undefined. */
export function basicFromUrl(url: URL): string | undefined {
	return url.username === '' ? undefined : basic(decodeURIComponent(url.username), decodeURIComponent(url.password));
}

function basic(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
