import type {Env} from '../env.js';
import {maskUrl} from '../mask.js';
import {BODY_LIMITS} from '../net/body.js';
import {TaskCancelled} from '../task.js';
import {InstallFailure, InstallRefusal} from './errors.js';
import {httpGet, seconds} from './http.js';

/** One downloadable file of a release (go-facts §6.1). */
export type ReleaseFile = {
	filename: string;
	os: string;
	arch: string;
	version: string;
	sha256: string;
	size: number;
	kind: 'archive' | 'installer' | 'source' | string;
};

export type Release = {version: string; stable: boolean; files: ReleaseFile[]};

export const DEFAULT_MIRROR = 'https://go.dev/dl/';
/** The official mirror for mainland China; same feed and file names. */
export const CHINA_MIRROR = 'https://golang.google.cn/dl/';
export const BUILT_IN_MIRRORS = [DEFAULT_MIRROR, CHINA_MIRROR];

/** The mirror to use: --mirror, else GOTUNE_GO_MIRROR, else go.dev. */
export function chosenMirror(given: string | undefined, env: Env): string {
	return given ?? (env['GOTUNE_GO_MIRROR'] || DEFAULT_MIRROR);
}

/** The mirror as a base URL ending in "/": files are <base><filename>, the index is <base>?mode=json&include=all. */
export function normalizeMirror(mirror: string): URL {
	let url: URL;
	try {
		url = new URL(mirror);
	} catch {
		throw new InstallRefusal(`--mirror ${maskUrl(mirror)} is not a URL: give an http(s) URL such as ${DEFAULT_MIRROR} or ${CHINA_MIRROR}`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new InstallRefusal(
			`--mirror ${maskUrl(mirror)}: only http and https mirrors are supported, such as ${DEFAULT_MIRROR} or ${CHINA_MIRROR}`,
		);
	}
	url.search = '';
	url.hash = '';
	if (!url.pathname.endsWith('/')) url.pathname += '/';
	return url;
}

export function indexUrl(mirror: URL): string {
	return `${mirror.href}?mode=json&include=all`;
}

/** Where a release file downloads from: beside the index on the mirror. */
export function fileUrl(mirror: URL, file: ReleaseFile): string {
	return new URL(encodeURIComponent(file.filename), mirror).href;
}

const MAX_INDEX_BYTES = BODY_LIMITS.releaseIndex;

/**
 * Every release the mirror lists (`include=all`: stable, unstable and archived), newest first as served. Bounded
 * by TIMEOUT_MS as a whole; closed ports, non-JSON answers and JSON of another shape each get their own message.
 */
export async function fetchReleaseIndex(
	mirror: URL,
	{env, signal, timeoutMs = 15_000}: {env: Env; signal?: AbortSignal; timeoutMs?: number},
): Promise<Release[]> {
	const url = indexUrl(mirror);
	const deadline = AbortSignal.timeout(timeoutMs);
	const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
	let text: string;
	try {
		const {response} = await httpGet(url, {env, signal: combined, headersTimeoutMs: timeoutMs});
		const chunks: Buffer[] = [];
		let size = 0;
		for await (const chunk of response) {
			size += (chunk as Buffer).length;
			if (size > MAX_INDEX_BYTES)
				throw new InstallFailure(`${url} sent more than ${MAX_INDEX_BYTES / 1024 / 1024} MB: that is not a Go release index`);
			chunks.push(chunk as Buffer);
		}
		text = Buffer.concat(chunks).toString('utf8');
	} catch (error) {
		if (signal?.aborted) throw new TaskCancelled('reading the release index');
		if (deadline.aborted)
			throw new InstallFailure(
				`the release index ${url} did not arrive within ${seconds(timeoutMs)} s: check the network or pick another --mirror (${CHINA_MIRROR} in mainland China)`,
			);
		if (error instanceof InstallFailure)
			throw new InstallFailure(`cannot read the release index: ${error.message}. Check the network or pick another --mirror`);
		throw error;
	}
	return parseReleaseIndex(text, url);
}

/** Checks the shape of every release and file gotune relies on; anything else is "not a Go release index". */
export function parseReleaseIndex(text: string, url: string): Release[] {
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		// Nothing to quote from an empty or all-blank answer: say what came instead of `it starts with ""`.
		if (text.trim() === '')
			throw new InstallFailure(
				`${url} answered ${text.length === 0 ? 'with an empty body' : `with only white space (${text.length} bytes)`}, not the JSON release index: is --mirror a Go download mirror such as ${DEFAULT_MIRROR}? If it is, try again later or pick another --mirror`,
			);
		const start = text.trimStart().slice(0, 60).replace(/\s+/g, ' ');
		throw new InstallFailure(
			`${url} did not answer with JSON (it starts with "${start}"): is --mirror a Go download mirror such as ${DEFAULT_MIRROR}?`,
		);
	}
	const wrongShape = (why: string) =>
		new InstallFailure(
			`${url} answered JSON that is not a Go release index (${why}): is --mirror a Go download mirror such as ${DEFAULT_MIRROR}?`,
		);
	if (!Array.isArray(body)) throw wrongShape('expected an array of releases');
	return body.map((release: unknown, index) => {
		const r = release as Partial<Release> | null;
		if (typeof r?.version !== 'string' || typeof r.stable !== 'boolean' || !Array.isArray(r.files)) {
			throw wrongShape(`release ${index} lacks version, stable or files`);
		}
		const files = r.files.map((file: unknown) => {
			const f = file as Partial<ReleaseFile> | null;
			if (typeof f?.filename !== 'string' || typeof f.sha256 !== 'string' || typeof f.size !== 'number' || typeof f.kind !== 'string') {
				throw wrongShape(`a file of ${r.version} lacks filename, sha256, size or kind`);
			}
			return {
				filename: f.filename,
				os: String(f.os ?? ''),
				arch: String(f.arch ?? ''),
				version: String(f.version ?? r.version),
				sha256: f.sha256.toLowerCase(),
				size: f.size,
				kind: f.kind,
			};
		});
		return {version: r.version, stable: r.stable, files};
	});
}
