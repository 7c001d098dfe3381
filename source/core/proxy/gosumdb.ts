import {createRequire} from 'node:module';
import {parseGoUrl} from './go-url.js';

/** node:crypto only when a key's hash is checked: loading it was about 3% of `gotune doctor`'s CPU (issue 18). */
const load = createRequire(import.meta.url);

/**
 * GOSUMDB as the go command parses it (modfetch/sumdb.go dbDial + note.NewVerifier, identical in Go 1.19 and 1.23;
 * gosumdb-format.md). Go validates the value only at the first checksum lookup, possibly weeks after it was written:
 * gotune validates it when it is typed, with Go's own words.
 */
export type GosumdbVerdict =
	{ok: true; off: true} | {ok: true; off: false; name: string; key: string; url?: string; warnings: string[]} | {ok: false; error: string};

export const SUM_GOLANG_ORG_KEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';

export function parseGosumdb(value: string): GosumdbVerdict {
	let gosumdb = value;
	if (gosumdb === 'off') return {ok: true, off: true};
	// The alias applies only to the whole value (I6).
	if (gosumdb === 'sum.golang.google.cn') gosumdb = 'sum.golang.org https://sum.golang.google.cn';
	// strings.Fields: any Unicode white space.
	const fields = gosumdb.split(/[\s\u0085\u00A0]+/u).filter(Boolean);
	if (fields[0] === 'sum.golang.org') fields[0] = SUM_GOLANG_ORG_KEY;
	if (fields.length === 0) return {ok: false, error: 'missing GOSUMDB'};
	if (fields.length > 2) return {ok: false, error: 'invalid GOSUMDB: too many fields'};
	const verifier = newVerifier(fields[0]!);
	if ('error' in verifier) return {ok: false, error: `invalid GOSUMDB: ${verifier.error}`};
	const nameError = sumdbNameError(verifier.name);
	if (nameError) return {ok: false, error: nameError};
	const warnings: string[] = [];
	let url: string | undefined;
	if (fields.length === 2) {
		url = fields[1]!;
		const parsed = parseGoUrl(url);
		if (!parsed.ok) return {ok: false, error: `invalid GOSUMDB URL: ${parsed.error}`};
		if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(url))
			warnings.push(
				`Go accepts "${url}" as the database URL but it is not an absolute URL; lookups will go to https://${url.replace(/^\/+/, '')}/lookup/...`,
			);
	}
	if (/^https?:|\/\//.test(verifier.name))
		warnings.push(`the database name "${verifier.name}" contains a URL scheme: Go accepts it but the lookups go to a host named "https:"`);
	return {ok: true, off: false, name: verifier.name, key: fields[0]!, ...(url === undefined ? {} : {url}), warnings};
}

/** note.NewVerifier: name+hash+key, hash = first 4 bytes of sha256(name + "\n" + keybytes), alg 1 = Ed25519 (32 bytes). */
function newVerifier(vkey: string): {name: string} | {error: string} {
	const first = vkey.indexOf('+');
	if (first < 0) return {error: 'malformed verifier id'};
	const name = vkey.slice(0, first);
	const afterName = vkey.slice(first + 1);
	const second = afterName.indexOf('+');
	if (second < 0) return {error: 'malformed verifier id'};
	const hashText = afterName.slice(0, second);
	const keyText = afterName.slice(second + 1);
	if (!isValidName(name) || hashText.length !== 8 || !/^[0-9a-fA-F]{8}$/.test(hashText)) return {error: 'malformed verifier id'};
	const key = decodeStdBase64(keyText);
	if (key === undefined || key.length === 0) return {error: 'malformed verifier id'};
	const hash = Number.parseInt(hashText, 16);
	// Go's own default key (what GOSUMDB=sum.golang.org stands for) is known good: a unit test checks its hash.
	if (vkey !== SUM_GOLANG_ORG_KEY && keyHash(name, key) !== hash) return {error: 'invalid verifier hash'};
	if (key[0] !== 1) return {error: 'unknown verifier algorithm'};
	if (key.length !== 33) return {error: 'malformed verifier id'};
	return {name};
}

function isValidName(name: string): boolean {
	return name !== '' && !/[\s+]/u.test(name) && !name.includes('\uFFFD');
}

function keyHash(name: string, key: Buffer): number {
	const {createHash} = load('node:crypto') as typeof import('node:crypto');
	const digest = createHash('sha256')
		.update(Buffer.concat([Buffer.from(`${name}\n`), key]))
		.digest();
	return digest.readUInt32BE(0);
}

/** base64.StdEncoding (padding required) or undefined. */
function decodeStdBase64(text: string): Buffer | undefined {
	if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
	const decoded = Buffer.from(text, 'base64');
	// Go rejects non-canonical trailing bits; a re-encode must round-trip.
	return decoded.toString('base64') === text ? decoded : undefined;
}

/**
 * dbDial's name check: url.Parse("https://" + name) must be just host[/path]. Go then prints the parsed URL struct,
 * whose field order changed between releases (1.23 and 1.26 differ): gotune gives the words every go version starts with.
 */
function sumdbNameError(name: string): string | undefined {
	const verdict = parseGoUrl(`https://${name}`);
	const u = verdict.ok ? verdict.url : undefined;
	const plain =
		u !== undefined &&
		u.opaque === '' &&
		u.user === undefined &&
		u.rawQuery === '' &&
		!u.forceQuery &&
		u.fragment === '' &&
		u.rawPath === '' &&
		u.host !== '' &&
		!name.endsWith('/');
	return plain ? undefined : `invalid sumdb name (must be host[/path]): ${name}`;
}

/** What turning the checksum database off loses, for the confirmation the wizard asks before GOSUMDB=off. */
export const GOSUMDB_OFF_LOSS =
	'With GOSUMDB=off go no longer checks downloaded modules against the public checksum database (sum.golang.org): a proxy or mirror that serves altered code for a module nobody in your team has in go.sum yet would not be detected. go.sum still protects modules already recorded there.';
