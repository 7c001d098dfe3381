import {open, readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import type {Env} from '../env.js';
import {maskSecrets} from '../mask.js';
import {formatBytes} from '../../text/units.js';
import {TaskCancelled, type Task} from '../task.js';
import type {Candidate, CandidateSource} from './candidates.js';
import {escapeModulePath, SEMVER} from './escape.js';
import {BODY_LIMITS, type BodyLimit} from '../net/body.js';
import {netConfigFrom, type NetConfig} from '../net/config.js';
import {Connection, type Fetched} from '../net/connection.js';
import {NetError} from '../net/errors.js';
import {nextHop, REDIRECT_STATUSES} from '../net/redirect.js';

export type FailureClass = 'not-found' | 'forbidden' | 'server-error' | 'tls' | 'dns' | 'refused' | 'timeout' | 'protocol';

export type ProbeResult = {
	/** Credentials masked. */
	url: string;
	source: CandidateSource;
	ok: boolean;
	/** HTTP status of the failing request, or 200 when every request succeeded; null when no HTTP answer (network, file://). */
	status: number | null;
	error: FailureClass | null;
	/** Median total time of the repeated .info request on the kept-alive connection. */
	latencyMs: number | null;
	connectMs: number | null;
	tlsMs: number | null;
	/** Median time to the first byte of the repeated .info request. */
	firstByteMs: number | null;
	/** Zip download rate (bytes over the request's whole time), when the zip was fetched. */
	bytesPerSec: number | null;
	/** What happened, in words; credentials masked. */
	detail: string;
	/** The proxy answers /sumdb/NAME/supported with 200 (it carries checksum-database traffic); null when not asked or unclear. */
	sumdb: boolean | null;
	/** Versions in @v/list; null when not read. */
	versions: number | null;
	/** The request that failed: list, info, mod, zip. */
	failedAt?: ProbeStep;
	/** Wall time of this candidate's whole probe. */
	elapsedMs: number;
};

export type ProbeStep = 'list' | 'info' | 'mod' | 'supported' | 'zip';

export type ProbeInput = {
	candidates: Candidate[];
	module: {path: string; version: string};
	/** Each candidate's bound. */
	timeoutMs: number;
	env: Env;
	/** Checksum database whose /supported endpoint is asked; null: not asked (GOSUMDB=off). */
	sumdbName: string | null;
	/** .info requests on the kept-alive connection; the median is reported. */
	attempts?: number;
	/** Zip bytes read for throughput. */
	maxZipBytes?: number;
};

export type ProbeEvent =
	| {type: 'start'; index: number; url: string}
	| {type: 'step'; index: number; url: string; step: ProbeStep}
	| {type: 'result'; index: number; result: ProbeResult};

export type ProbeOutcome = {module: string; results: ProbeResult[]; elapsedMs: number};

export const DEFAULT_PROBE_TIMEOUT_MS = 5000;
export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_MAX_ZIP_BYTES = 4_000_000;

/** Every candidate at once: the whole probe takes about as long as the slowest single one (bounded by timeoutMs). */
export const probeCandidates: Task<ProbeInput, ProbeEvent, ProbeOutcome> = async (input, {emit, signal}) => {
	if (signal.aborted) throw new TaskCancelled('the probe');
	const started = performance.now();
	const config = await netConfigFrom(input.env);
	const results = await Promise.all(
		input.candidates.map(async (candidate, index) => {
			emit({type: 'start', index, url: candidate.shown});
			const result = await probeOne(candidate, input, config, signal, step => emit({type: 'step', index, url: candidate.shown, step}));
			if (!signal.aborted) emit({type: 'result', index, result});
			return result;
		}),
	);
	if (signal.aborted) throw new TaskCancelled('the probe');
	return {module: `${input.module.path}@${input.module.version}`, results, elapsedMs: performance.now() - started};
};

class StepFailure extends Error {
	constructor(
		readonly kind: FailureClass,
		readonly step: ProbeStep,
		message: string,
		readonly status: number | null = null,
	) {
		super(message);
	}
}

type Measured = {
	infos: Fetched[];
	connect?: {connectMs: number | null; tlsMs: number | null; viaProxy?: string};
	zip?: Fetched;
	sumdb: boolean | null;
	sumdbNote?: string;
	versions: number;
};

async function probeOne(
	candidate: Candidate,
	input: ProbeInput,
	config: NetConfig,
	parent: AbortSignal,
	onStep: (step: ProbeStep) => void,
): Promise<ProbeResult> {
	const started = performance.now();
	const controller = new AbortController();
	const onParentAbort = () => controller.abort();
	parent.addEventListener('abort', onParentAbort, {once: true});
	const timer = setTimeout(() => controller.abort(), input.timeoutMs);
	const base: Omit<ProbeResult, 'ok' | 'status' | 'error' | 'detail' | 'elapsedMs'> = {
		url: candidate.shown,
		source: candidate.source,
		latencyMs: null,
		connectMs: null,
		tlsMs: null,
		firstByteMs: null,
		bytesPerSec: null,
		sumdb: null,
		versions: null,
	};
	const deadline = started + input.timeoutMs;
	let measured: Partial<Measured> = {};
	try {
		measured = candidate.url.startsWith('file:')
			? await probeFile(candidate.url, input, onStep, measured)
			: await probeHttp(candidate.url, input, config, controller.signal, deadline, onStep, measured);
		const m = measured as Measured;
		const latency = median(m.infos.map(f => f.totalMs));
		const firstByte = median(m.infos.map(f => f.firstByteMs));
		const rate = m.zip && m.zip.totalMs > 0 ? m.zip.bytes / (m.zip.totalMs / 1000) : null;
		return {
			...base,
			ok: true,
			status: candidate.url.startsWith('file:') ? null : 200,
			error: null,
			latencyMs: latency,
			connectMs: m.connect?.connectMs ?? null,
			tlsMs: m.connect?.tlsMs ?? null,
			firstByteMs: candidate.url.startsWith('file:') ? null : firstByte,
			bytesPerSec: rate,
			sumdb: m.sumdb,
			versions: m.versions,
			detail: okDetail(m, input),
			elapsedMs: performance.now() - started,
		};
	} catch (error) {
		if (parent.aborted) return {...base, ok: false, status: null, error: null, detail: 'cancelled', elapsedMs: performance.now() - started};
		const failure = asFailure(error, controller.signal.aborted, input.timeoutMs);
		return {
			...base,
			connectMs: measured.connect?.connectMs ?? null,
			tlsMs: measured.connect?.tlsMs ?? null,
			versions: measured.versions ?? null,
			ok: false,
			status: failure.status,
			error: failure.kind,
			failedAt: failure.step,
			detail: maskSecrets(`${failure.step}: ${failure.message}`),
			elapsedMs: performance.now() - started,
		};
	} finally {
		clearTimeout(timer);
		parent.removeEventListener('abort', onParentAbort);
	}
}

function asFailure(error: unknown, timedOut: boolean, timeoutMs: number): StepFailure {
	if (error instanceof StepFailure) {
		if (timedOut && error.kind !== 'timeout' && (error.kind === 'protocol' || error.kind === 'refused')) {
			return new StepFailure('timeout', error.step, `no complete answer within ${timeoutMs / 1000} s`);
		}
		return error;
	}
	return new StepFailure('protocol', 'list', (error as Error).message);
}

function okDetail(m: Measured, input: ProbeInput): string {
	const parts = [`${m.versions} version${m.versions === 1 ? '' : 's'} listed`];
	if (m.connect?.viaProxy) parts.push(`via proxy ${maskSecrets(m.connect.viaProxy)}`);
	if (m.zip) parts.push(`zip ${formatBytes(m.zip.bytes)} in ${Math.round(m.zip.totalMs)} ms${m.zip.truncated ? ' (cut short)' : ''}`);
	if (input.sumdbName !== null)
		parts.push(
			m.sumdb === true
				? `serves ${input.sumdbName}`
				: m.sumdb === false
					? `does not serve ${input.sumdbName} (go then asks it directly)`
					: `sumdb: ${m.sumdbNote ?? 'unclear'}`,
		);
	parts.push(`median of ${m.infos.length} .info requests`);
	return parts.join('; ');
}

async function probeHttp(
	url: string,
	input: ProbeInput,
	config: NetConfig,
	signal: AbortSignal,
	deadline: number,
	onStep: (step: ProbeStep) => void,
	measured: Partial<Measured>,
): Promise<Measured> {
	const baseUrl = new URL(url.replace(/\/+$/, ''));
	const connections = new Map<string, Connection>();
	const connectionFor = (target: URL) => {
		let c = connections.get(target.origin);
		if (c === undefined) {
			c = new Connection(config, target, signal);
			connections.set(target.origin, c);
		}
		return c;
	};
	const main = connectionFor(baseUrl);
	const modBase = `${escapeModulePath(input.module.path)}/@v/`;
	const version = escapeModulePath(input.module.version);
	const at = (rel: string) => {
		const target = new URL(baseUrl.href);
		target.pathname = `${baseUrl.pathname.replace(/\/+$/, '')}/${rel}`;
		return target;
	};
	// Every request as go makes it: redirects followed by go's rules (redirect.ts), every body capped (body.ts).
	const get = async (step: ProbeStep, target: URL, limit: BodyLimit = {maxBytes: BODY_LIMITS.moduleMetadata}): Promise<Fetched> => {
		onStep(step);
		let current = target;
		try {
			for (let hops = 0; ; hops++) {
				const fetched = await connectionFor(current).get(current, limit);
				if (measured.connect === undefined && main.firstConnect) measured.connect = main.firstConnect;
				if (!REDIRECT_STATUSES.has(fetched.status) || fetched.location === undefined) return fetched;
				current = nextHop(target, current, fetched.location, hops);
			}
		} catch (error) {
			if (error instanceof NetError) throw new StepFailure(error.kind, step, error.message, error.status);
			throw error;
		}
	};
	try {
		const list = await get('list', at(`${modBase}list`));
		expectOk('list', list);
		measured.versions = checkList(list.body.toString('utf8'));
		const infos: Fetched[] = [];
		for (let i = 0; i < (input.attempts ?? DEFAULT_ATTEMPTS); i++) {
			const info = await get('info', at(`${modBase}${version}.info`));
			expectOk('info', info);
			checkInfo(info.body.toString('utf8'), input.module.version);
			infos.push(info);
		}
		measured.infos = infos;
		const mod = await get('mod', at(`${modBase}${version}.mod`));
		expectOk('mod', mod);
		checkMod(mod.body.toString('utf8'));
		if (input.sumdbName !== null) {
			try {
				const supported = await get('supported', at(`sumdb/${input.sumdbName}/supported`));
				if (supported.status === 200) measured.sumdb = true;
				else if (supported.status === 404 || supported.status === 410) measured.sumdb = false;
				else {
					measured.sumdb = null;
					measured.sumdbNote = `/sumdb/${input.sumdbName}/supported answered ${supported.status}: after "," go then fails checksum verification through this proxy`;
				}
			} catch (error) {
				if (error instanceof StepFailure && error.kind === 'timeout') throw error;
				measured.sumdb = null;
				measured.sumdbNote = (error as Error).message;
			}
		} else measured.sumdb = null;
		// Throughput: the zip, cut at the size cap or shortly before the candidate's deadline.
		const zip = await get('zip', at(`${modBase}${version}.zip`), {
			maxBytes: input.maxZipBytes ?? DEFAULT_MAX_ZIP_BYTES,
			cutAtMaxBytes: true,
			maxDecodedBytes: BODY_LIMITS.moduleMetadata,
			softDeadline: deadline - 150,
		});
		expectOk('zip', zip);
		if (zip.body.subarray(0, 4).toString('latin1') !== 'PK\u0003\u0004')
			throw new StepFailure('protocol', 'zip', describeNonProtocol(zip.body.toString('utf8'), 'a zip archive'));
		measured.zip = zip;
		return measured as Measured;
	} finally {
		for (const c of connections.values()) c.close();
	}
}

function expectOk(step: ProbeStep, fetched: Fetched): void {
	const s = fetched.status;
	if (s === 200) return;
	const text = fetched.body.toString('utf8').trim().split('\n')[0]?.slice(0, 120) ?? '';
	const said = text && !/^</.test(text) ? `: ${text}` : '';
	if (s === 404 || s === 410)
		throw new StepFailure('not-found', step, `${s} ${s === 404 ? 'Not Found' : 'Gone'}${said} (after "," go tries the next entry)`, s);
	if (s === 401 || s === 403)
		throw new StepFailure(
			'forbidden',
			step,
			`${s} ${s === 401 ? 'Unauthorized' : 'Forbidden'}${said} (credentials go sends come from ~/.netrc or the URL)`,
			s,
		);
	if (s >= 500 || s === 429)
		throw new StepFailure('server-error', step, `${s}${said} (after "," go stops here; "|" would try the next entry)`, s);
	throw new StepFailure('protocol', step, `unexpected HTTP status ${s}${said}`, s);
}

/**
 * An answer is judged by its content, as go judges it (issue 18 (6)): go never looks at Content-Type, so a correct
 * list, .info or .mod is a working proxy whatever its label, and only content that is an HTML page and not a valid
 * answer is called a portal.
 */
function isHtml(text: string): boolean {
	return /^\s*<(?:!doctype|html|head|body|title|meta|script|\?xml|[a-z][a-z0-9]*[\s>/])/i.test(text);
}

function describeNonProtocol(text: string, wanted: string): string {
	if (isHtml(text)) {
		const title = /<title>([^<]{0,80})/i.exec(text)?.[1]?.trim();
		return `an HTML page${title ? ` ("${title}")` : ''} instead of ${wanted}: a captive portal, login page or web server, not a module proxy`;
	}
	return `not ${wanted}: ${JSON.stringify(text.slice(0, 60))}`;
}

/** @v/list: one version per line (go reads the first field of each line); an empty list is valid (no tagged versions). */
function checkList(text: string): number {
	const lines = text
		.split('\n')
		.map(l => l.trim())
		.filter(Boolean);
	const bad = lines.find(line => !SEMVER.test(line.split(/\s+/)[0]!));
	if (bad === undefined) return lines.length;
	if (isHtml(text)) throw new StepFailure('protocol', 'list', describeNonProtocol(text, 'a version list'), 200);
	throw new StepFailure('protocol', 'list', `malformed version list: ${JSON.stringify(bad.slice(0, 60))} is not a version`, 200);
}

/** .info: JSON with the Version asked for (go's modfetch.checkInfo). */
function checkInfo(text: string, version: string): void {
	let info: unknown;
	try {
		info = JSON.parse(text);
	} catch (error) {
		if (isHtml(text)) throw new StepFailure('protocol', 'info', describeNonProtocol(text, 'the .info JSON'), 200);
		throw new StepFailure('protocol', 'info', `invalid .info JSON: ${(error as Error).message}`, 200);
	}
	const got = (info as {Version?: unknown} | null)?.Version;
	if (typeof got !== 'string') throw new StepFailure('protocol', 'info', 'the .info JSON has no "Version"', 200);
	if (got !== version) throw new StepFailure('protocol', 'info', `.info says Version ${JSON.stringify(got)}, not ${version}`, 200);
}

/** .mod: a go.mod file, which starts (after comments) with its module directive; an HTML page never parses as one. */
function checkMod(text: string): void {
	if (isHtml(text) || !/^\s*module\s+\S/m.test(text))
		throw new StepFailure('protocol', 'mod', describeNonProtocol(text, 'a go.mod file'), 200);
}

/** file:// proxies: the same files read from disk; a missing file is go's synthetic 404, an unreadable one its 403. */
async function probeFile(
	url: string,
	input: ProbeInput,
	onStep: (step: ProbeStep) => void,
	measured: Partial<Measured>,
): Promise<Measured> {
	const dir = fileURLToPath(url).replace(/\/+$/, '');
	const modDir = `${dir}/${escapeModulePath(input.module.path)}/@v`;
	const version = escapeModulePath(input.module.version);
	const read = async (
		step: ProbeStep,
		file: string,
		maxBytes?: number,
	): Promise<{text: string; bytes: number; ms: number; head: Buffer}> => {
		onStep(step);
		const started = performance.now();
		try {
			if (maxBytes !== undefined) {
				const handle = await open(file, 'r');
				try {
					const buffer = Buffer.alloc(maxBytes);
					const {bytesRead} = await handle.read(buffer, 0, maxBytes, 0);
					return {text: '', bytes: bytesRead, ms: performance.now() - started, head: buffer.subarray(0, Math.min(4, bytesRead))};
				} finally {
					await handle.close();
				}
			}
			const data = await readCapped(file, step);
			return {text: data.toString('utf8'), bytes: data.length, ms: performance.now() - started, head: data.subarray(0, 4)};
		} catch (error) {
			if (error instanceof StepFailure) throw error;
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT' || code === 'ENOTDIR')
				throw new StepFailure('not-found', step, `${file} does not exist (go treats it as 404: after "," it tries the next entry)`);
			if (code === 'EACCES' || code === 'EPERM')
				throw new StepFailure('forbidden', step, `${file}: permission denied (go treats it as 403)`);
			throw new StepFailure('protocol', step, `${file}: ${(error as Error).message}`);
		}
	};
	const list = await read('list', `${modDir}/list`);
	measured.versions = checkList(list.text);
	const infos: Fetched[] = [];
	for (let i = 0; i < (input.attempts ?? DEFAULT_ATTEMPTS); i++) {
		const info = await read('info', `${modDir}/${version}.info`);
		checkInfo(info.text, input.module.version);
		infos.push({
			status: 200,
			contentType: '',
			body: Buffer.alloc(0),
			bytes: info.bytes,
			firstByteMs: info.ms,
			totalMs: info.ms,
			truncated: false,
		});
	}
	measured.infos = infos;
	const mod = await read('mod', `${modDir}/${version}.mod`);
	checkMod(mod.text);
	if (input.sumdbName !== null) {
		onStep('supported');
		measured.sumdb = await readFile(`${dir}/sumdb/${input.sumdbName}/supported`).then(
			() => true,
			() => false,
		);
	} else measured.sumdb = null;
	const zip = await read('zip', `${modDir}/${version}.zip`, input.maxZipBytes ?? DEFAULT_MAX_ZIP_BYTES);
	if (zip.head.toString('latin1') !== 'PK\u0003\u0004') throw new StepFailure('protocol', 'zip', 'not a zip archive');
	measured.zip = {
		status: 200,
		contentType: '',
		body: Buffer.alloc(0),
		bytes: zip.bytes,
		firstByteMs: zip.ms,
		totalMs: zip.ms,
		truncated: false,
	};
	return measured as Measured;
}

/** A file:// proxy's file, capped like an http answer (a list that is /dev/zero must not fill memory). */
async function readCapped(file: string, step: ProbeStep): Promise<Buffer> {
	const handle = await open(file, 'r');
	try {
		const chunks: Buffer[] = [];
		let total = 0;
		for (;;) {
			const {bytesRead, buffer} = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, null);
			if (bytesRead === 0) return Buffer.concat(chunks);
			total += bytesRead;
			if (total > BODY_LIMITS.moduleMetadata)
				throw new StepFailure(
					'protocol',
					step,
					`${file} is larger than ${BODY_LIMITS.moduleMetadata / 1024 / 1024} MB: not a module proxy file`,
				);
			chunks.push(buffer.subarray(0, bytesRead));
		}
	} finally {
		await handle.close();
	}
}

export function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
