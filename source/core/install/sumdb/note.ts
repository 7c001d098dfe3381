import {createHash, createPublicKey, verify, type KeyObject} from 'node:crypto';

/**
 * golang.org/x/mod/sumdb/note: a checksum database's verifier key (name+hash+key, algorithm 1 = Ed25519) and the
 * signed notes it signs (the tree heads). Node's Ed25519 does the cryptography; the framing is note.Open's.
 */
export type NoteVerifier = {name: string; hash: number; key: KeyObject};

export class SumdbError extends Error {
	override name = 'SumdbError';
	constructor(
		/** What failed, for the message and the tests: the note's signature, the record, the proof, the hash. */
		readonly reason: 'signature' | 'record' | 'proof' | 'mismatch' | 'protocol',
		message: string,
	) {
		super(message);
	}
}

/** note.NewVerifier for a key gosumdb.ts has already validated (parseGosumdb). */
export function noteVerifier(vkey: string): NoteVerifier {
	// name+hash+key: the key is base64 and may itself contain "+".
	const [name = '', hashText = '', ...keyParts] = vkey.split('+');
	const keyText = keyParts.join('+');
	const raw = Buffer.from(keyText, 'base64');
	if (raw.length !== 33 || raw[0] !== 1) throw new SumdbError('protocol', `the checksum database key ${name} is not an Ed25519 key`);
	const key = createPublicKey({key: {kty: 'OKP', crv: 'Ed25519', x: raw.subarray(1).toString('base64url')}, format: 'jwk'});
	return {name, hash: Number.parseInt(hashText, 16), key};
}

/** The key hash note uses: the first 4 bytes of sha256(name + "\n" + 0x01 + key). */
export function keyHash(name: string, rawKey: Buffer): number {
	return createHash('sha256')
		.update(Buffer.concat([Buffer.from(`${name}\n`), rawKey]))
		.digest()
		.readUInt32BE(0);
}

/**
 * note.Open: MESSAGE is "text\n\n— name base64(hash||signature)\n"...; the text is returned only when a signature
 * line names VERIFIER's name and hash and its Ed25519 signature over the text holds. Other signers' lines are ignored.
 */
export function openNote(message: string, verifier: NoteVerifier, what: string): string {
	const split = message.lastIndexOf('\n\n');
	if (split < 0 || !message.endsWith('\n')) throw new SumdbError('protocol', `${what} is not a signed note`);
	const text = message.slice(0, split + 1);
	const lines = message.slice(split + 2, -1).split('\n');
	let seen = false;
	for (const line of lines) {
		const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
		if (!match) throw new SumdbError('protocol', `${what} has a malformed signature line`);
		if (match[1] !== verifier.name) continue;
		const signature = Buffer.from(match[2]!, 'base64');
		if (signature.length < 5 || signature.readUInt32BE(0) !== verifier.hash) continue;
		seen = true;
		if (verify(null, Buffer.from(text), verifier.key, signature.subarray(4))) return text;
	}
	throw new SumdbError(
		'signature',
		seen
			? `${what}: the signature by ${verifier.name} does not verify with its public key (a forged or altered tree head)`
			: `${what} carries no signature by ${verifier.name}`,
	);
}

export type TreeHead = {size: number; hash: Buffer};

/** tlog.ParseTree: "go.sum database tree\nN\nbase64(hash)\n" (a fourth line may follow in newer servers). */
export function parseTree(text: string, what: string): TreeHead {
	const lines = text.split('\n');
	const size = Number(lines[1]);
	const hash = Buffer.from(lines[2] ?? '', 'base64');
	if (lines[0] !== 'go.sum database tree' || !Number.isSafeInteger(size) || size < 0 || hash.length !== 32)
		throw new SumdbError('protocol', `${what} is not a checksum database tree head`);
	return {size, hash};
}
