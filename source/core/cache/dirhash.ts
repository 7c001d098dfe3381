import {createHash} from 'node:crypto';
import {open, type FileHandle} from 'node:fs/promises';
import {inflateRawSync} from 'node:zlib';

/**
 * Go's dirhash.Hash1 (golang.org/x/mod/sumdb/dirhash): sha256 over the lines "<hex sha256(content)>  <name>\n",
 * names sorted bytewise, as "h1:" + base64. For a module zip (HashZip) the names are the raw entry names, including
 * the "<module>@<version>/" prefix (module-cache-layout.md §2).
 */
export function hash1(files: Array<{name: string; sha256: string}>): string {
	const sorted = [...files].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
	const summary = createHash('sha256');
	for (const file of sorted) {
		if (file.name.includes('\n')) throw new Error('dirhash: filenames with newlines are not supported');
		summary.update(`${file.sha256}  ${file.name}\n`);
	}
	return `h1:${summary.digest('base64')}`;
}

export type ZipEntry = {name: string; method: number; compressedSize: number; size: number; localOffset: number};

/** dirhash.HashZip: Hash1 over every entry of the zip. Reads entry by entry, so a large zip is never loaded whole. */
export async function hashZip(file: string): Promise<string> {
	const handle = await open(file, 'r');
	try {
		const entries = await centralDirectory(handle);
		const {size} = await handle.stat();
		// One read of the whole zip when it is of a size module zips have (a toolchain: 75 MB, 15,000 entries) instead
		// of two reads per entry, each waiting its turn on the thread pool (8-9 s of a loaded machine, now 2-3 s).
		const whole = size <= WHOLE_READ_BYTES ? await readAt(handle, 0, size) : undefined;
		const files: Array<{name: string; sha256: string}> = [];
		for (const entry of entries) {
			const content = whole ? contentAt(whole, entry) : await entryContent(handle, entry);
			files.push({name: entry.name, sha256: createHash('sha256').update(content).digest('hex')});
		}
		return hash1(files);
	} finally {
		await handle.close();
	}
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
	const buffer = Buffer.alloc(length);
	let done = 0;
	while (done < length) {
		const {bytesRead} = await handle.read(buffer, done, length - done, position + done);
		if (bytesRead === 0) throw new Error('zip: unexpected end of file');
		done += bytesRead;
	}
	return buffer;
}

/** The zip's central directory (zip64 included): one entry per file, in the zip's order. */
export async function centralDirectory(handle: FileHandle): Promise<ZipEntry[]> {
	const {size} = await handle.stat();
	const tailLength = Math.min(size, 22 + 0xffff);
	const tail = await readAt(handle, size - tailLength, tailLength);
	let eocd = -1;
	for (let i = tail.length - 22; i >= 0; i--) {
		if (tail.readUInt32LE(i) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw new Error('zip: not a valid zip file (no end of central directory)');
	let count = tail.readUInt16LE(eocd + 10);
	let cdSize = tail.readUInt32LE(eocd + 12);
	let cdOffset = tail.readUInt32LE(eocd + 16);
	if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
		// Zip64: the locator sits just before the end record and points at the zip64 end record.
		const locatorAt = size - tailLength + eocd - 20;
		const locator = await readAt(handle, locatorAt, 20);
		if (locator.readUInt32LE(0) !== 0x07064b50) throw new Error('zip: missing zip64 locator');
		const record = await readAt(handle, Number(locator.readBigUInt64LE(8)), 56);
		if (record.readUInt32LE(0) !== 0x06064b50) throw new Error('zip: bad zip64 end record');
		count = Number(record.readBigUInt64LE(32));
		cdSize = Number(record.readBigUInt64LE(40));
		cdOffset = Number(record.readBigUInt64LE(48));
	}
	const cd = await readAt(handle, cdOffset, cdSize);
	const entries: ZipEntry[] = [];
	let at = 0;
	for (let i = 0; i < count; i++) {
		if (cd.readUInt32LE(at) !== 0x02014b50) throw new Error('zip: bad central directory entry');
		const method = cd.readUInt16LE(at + 10);
		let compressedSize = cd.readUInt32LE(at + 20);
		let uncompressed = cd.readUInt32LE(at + 24);
		const nameLength = cd.readUInt16LE(at + 28);
		const extraLength = cd.readUInt16LE(at + 30);
		const commentLength = cd.readUInt16LE(at + 32);
		let localOffset = cd.readUInt32LE(at + 42);
		const name = cd.toString('utf8', at + 46, at + 46 + nameLength);
		const extra = cd.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
		for (let e = 0; e + 4 <= extra.length;) {
			const id = extra.readUInt16LE(e);
			const length = extra.readUInt16LE(e + 2);
			if (id === 0x0001) {
				let field = e + 4;
				const next = () => {
					const value = Number(extra.readBigUInt64LE(field));
					field += 8;
					return value;
				};
				if (uncompressed === 0xffffffff) uncompressed = next();
				if (compressedSize === 0xffffffff) compressedSize = next();
				if (localOffset === 0xffffffff) localOffset = next();
			}
			e += 4 + length;
		}
		entries.push({name, method, compressedSize, size: uncompressed, localOffset});
		at += 46 + nameLength + extraLength + commentLength;
	}
	return entries;
}

/** Zips up to this size are read whole by hashZip (go refuses module zips over 500 MB; toolchains are far below). */
const WHOLE_READ_BYTES = 512 * 1024 * 1024;

/** ENTRY's uncompressed bytes from the whole zip in ZIP. */
function contentAt(zip: Buffer, entry: ZipEntry): Buffer {
	if (entry.localOffset + 30 > zip.length) throw new Error('zip: unexpected end of file');
	const header = zip.subarray(entry.localOffset, entry.localOffset + 30);
	if (header.readUInt32LE(0) !== 0x04034b50) throw new Error(`zip: bad local header for ${entry.name}`);
	const dataAt = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
	if (dataAt + entry.compressedSize > zip.length) throw new Error('zip: unexpected end of file');
	return decode(entry, zip.subarray(dataAt, dataAt + entry.compressedSize));
}

/** ENTRY's uncompressed bytes (stored or deflated), checked against the directory's size. */
export async function entryContent(handle: FileHandle, entry: ZipEntry): Promise<Buffer> {
	const header = await readAt(handle, entry.localOffset, 30);
	if (header.readUInt32LE(0) !== 0x04034b50) throw new Error(`zip: bad local header for ${entry.name}`);
	const dataAt = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
	return decode(entry, await readAt(handle, dataAt, entry.compressedSize));
}

function decode(entry: ZipEntry, raw: Buffer): Buffer {
	let content: Buffer;
	if (entry.method === 0) content = raw;
	else if (entry.method === 8) content = inflateRawSync(raw, {maxOutputLength: entry.size + 1});
	else throw new Error(`zip: unsupported compression method ${entry.method} for ${entry.name}`);
	if (content.length !== entry.size) throw new Error(`zip: ${entry.name} is ${content.length} bytes, the directory says ${entry.size}`);
	return content;
}
