/** The entries of a stored (uncompressed) zip built by storedZip: name, data and where the data starts. */
export function centralDirectoryNames(zip: Buffer): Array<{name: string; data: Buffer; dataOffset: number}> {
	const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	const count = zip.readUInt16LE(end + 10);
	let at = zip.readUInt32LE(end + 16);
	const out: Array<{name: string; data: Buffer; dataOffset: number}> = [];
	for (let i = 0; i < count; i++) {
		const size = zip.readUInt32LE(at + 24);
		const nameLength = zip.readUInt16LE(at + 28);
		const extra = zip.readUInt16LE(at + 30);
		const comment = zip.readUInt16LE(at + 32);
		const local = zip.readUInt32LE(at + 42);
		const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
		const dataOffset = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
		out.push({name, data: zip.subarray(dataOffset, dataOffset + size), dataOffset});
		at += 46 + nameLength + extra + comment;
	}
	return out;
}
