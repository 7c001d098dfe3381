/**
 * A small tar reader: ustar and GNU headers, PAX extended headers ('x'; 'g' ignored) and GNU long names ('L', 'K').
 * It only parses; safe-extract.ts decides what may be written. Written here rather than pulled in from npm because
 * the install needs exactly this much: one pass, streaming, with the caller's abort signal and progress.
 */

export type TarEntry = {
	path: string;
	type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
	/** The raw type flag, for messages about unsupported entries. */
	typeFlag: string;
	mode: number;
	size: number;
	mtime: number;
	linkPath: string;
};

export class TarFormatError extends Error {
	override name = 'TarFormatError';
}

/** Pulls exact byte counts out of a chunked stream. */
export class ByteReader {
	private chunks: Buffer[] = [];
	private length = 0;
	private ended = false;

	constructor(private readonly source: AsyncIterator<Buffer>) {}

	private async fill(n: number): Promise<void> {
		while (this.length < n && !this.ended) {
			const next = await this.source.next();
			if (next.done) this.ended = true;
			else if (next.value.length > 0) {
				this.chunks.push(next.value);
				this.length += next.value.length;
			}
		}
	}

	/** Exactly N bytes, or fewer only at the end of the stream. */
	async read(n: number): Promise<Buffer> {
		await this.fill(n);
		const parts: Buffer[] = [];
		let left = Math.min(n, this.length);
		while (left > 0) {
			const head = this.chunks[0]!;
			if (head.length <= left) {
				parts.push(head);
				this.chunks.shift();
				left -= head.length;
				this.length -= head.length;
			} else {
				parts.push(head.subarray(0, left));
				this.chunks[0] = head.subarray(left);
				this.length -= left;
				left = 0;
			}
		}
		return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
	}

	/** N bytes as they arrive, without gathering them; rejects if the stream ends first. */
	async *take(n: number): AsyncGenerator<Buffer> {
		let left = n;
		while (left > 0) {
			if (this.length === 0) await this.fill(1);
			const head = this.chunks[0];
			if (head === undefined) throw new TarFormatError(`the archive ends in the middle of an entry (${left} bytes missing)`);
			if (head.length <= left) {
				this.chunks.shift();
				this.length -= head.length;
				left -= head.length;
				yield head;
			} else {
				this.chunks[0] = head.subarray(left);
				this.length -= left;
				const part = head.subarray(0, left);
				left = 0;
				yield part;
			}
		}
	}

	async skip(n: number): Promise<void> {
		for await (const chunk of this.take(n)) void chunk;
	}
}

const BLOCK = 512;

function text(block: Buffer, start: number, length: number): string {
	const field = block.subarray(start, start + length);
	const end = field.indexOf(0);
	return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

function numeric(block: Buffer, start: number, length: number, what: string): number {
	const field = block.subarray(start, start + length);
	if ((field[0]! & 0x80) !== 0) {
		// GNU base-256 for values that do not fit in octal.
		let value = field[0]! & 0x7f;
		for (let i = 1; i < field.length; i++) value = value * 256 + field[i]!;
		return value;
	}
	const digits = text(block, start, length).trim();
	if (digits === '') return 0;
	if (!/^[0-7]+$/.test(digits))
		throw new TarFormatError(`a header has an unreadable ${what} field ("${digits}"): not a tar archive, or a damaged one`);
	return Number.parseInt(digits, 8);
}

function checksumOk(block: Buffer): boolean {
	const stored = numeric(block, 148, 8, 'checksum');
	let unsigned = 0;
	let signed = 0;
	for (let i = 0; i < BLOCK; i++) {
		const byte = i >= 148 && i < 156 ? 0x20 : block[i]!;
		unsigned += byte;
		signed += byte > 127 ? byte - 256 : byte;
	}
	return stored === unsigned || stored === signed;
}

function parsePax(data: Buffer): Record<string, string> {
	const records: Record<string, string> = {};
	let offset = 0;
	while (offset < data.length) {
		const space = data.indexOf(0x20, offset);
		const length = Number.parseInt(data.subarray(offset, space).toString('ascii'), 10);
		if (space === -1 || !Number.isFinite(length) || length <= 0) throw new TarFormatError('a PAX header is malformed');
		const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
		const equals = record.indexOf('=');
		if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
		offset += length;
	}
	return records;
}

const TYPES: Record<string, TarEntry['type']> = {'0': 'file', '\0': 'file', '7': 'file', '5': 'directory', '2': 'symlink', '1': 'hardlink'};

/**
 * Yields each entry with a reader positioned at its data; the consumer must call `body(entry)` to read or skip it
 * before asking for the next entry (anything left unread is skipped).
 */
export async function* readTar(reader: ByteReader): AsyncGenerator<{entry: TarEntry; body: () => AsyncGenerator<Buffer>}> {
	let pax: Record<string, string> = {};
	let longName: string | undefined;
	let longLink: string | undefined;
	for (;;) {
		const block = await reader.read(BLOCK);
		if (block.length === 0) throw new TarFormatError('the archive ends without its end-of-archive marker (truncated?)');
		if (block.length < BLOCK) throw new TarFormatError('the archive ends in the middle of a header (truncated?)');
		if (block.every(byte => byte === 0)) return;
		if (!checksumOk(block)) throw new TarFormatError('a header checksum does not match: not a tar archive, or a damaged one');
		const typeFlag = String.fromCharCode(block[156]!);
		const size = numeric(block, 124, 12, 'size');
		const padding = (BLOCK - (size % BLOCK)) % BLOCK;
		if (typeFlag === 'x' || typeFlag === 'g' || typeFlag === 'L' || typeFlag === 'K') {
			if (size > 1024 * 1024) throw new TarFormatError(`an extended header of ${size} bytes is larger than any real archive uses`);
			const data = await reader.read(size);
			if (data.length < size) throw new TarFormatError('the archive ends inside an extended header (truncated?)');
			await reader.skip(padding);
			if (typeFlag === 'x') pax = {...pax, ...parsePax(data)};
			else if (typeFlag === 'L') longName = text(data, 0, data.length);
			else if (typeFlag === 'K') longLink = text(data, 0, data.length);
			continue;
		}
		// POSIX magic "ustar\0" only: the old GNU format ("ustar  ") keeps other fields where the prefix would be.
		const ustar = block.subarray(257, 263).toString('latin1') === 'ustar\0';
		const prefix = ustar ? text(block, 345, 155) : '';
		const name = text(block, 0, 100);
		const entrySize = pax['size'] !== undefined ? Number(pax['size']) : size;
		const entry: TarEntry = {
			path: pax['path'] ?? longName ?? (prefix ? `${prefix}/${name}` : name),
			type: TYPES[typeFlag] ?? 'other',
			typeFlag,
			mode: numeric(block, 100, 8, 'mode'),
			size: entrySize,
			mtime: pax['mtime'] !== undefined ? Number(pax['mtime']) : numeric(block, 136, 12, 'mtime'),
			linkPath: pax['linkpath'] ?? longLink ?? text(block, 157, 100),
		};
		pax = {};
		longName = undefined;
		longLink = undefined;
		const dataSize = entry.type === 'file' ? entrySize : entry.type === 'other' ? entrySize : 0;
		let consumed = false;
		const body = async function* (): AsyncGenerator<Buffer> {
			consumed = true;
			yield* reader.take(dataSize);
		};
		yield {entry, body};
		if (!consumed) await reader.skip(dataSize);
		await reader.skip((BLOCK - (dataSize % BLOCK)) % BLOCK);
	}
}
