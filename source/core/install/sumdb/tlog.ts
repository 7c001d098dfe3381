import {createHash} from 'node:crypto';
import {SumdbError, type TreeHead} from './note.js';

/**
 * golang.org/x/mod/sumdb/tlog, the part a client needs to prove that a record is in a signed tree: RFC 6962 hashes
 * and tiles of height 8 (a tile at level L holds hashes of tree level 8·L, 256 to a full tile). The proof recomputes
 * the tree's root from the record's own hash and the sibling hashes read from tiles: only if the record really is
 * leaf ID of that tree can the result equal the signed root.
 */
export const TILE_HEIGHT = 8;
const WIDTH = 1 << TILE_HEIGHT;

export function recordHash(data: Buffer): Buffer {
	return createHash('sha256')
		.update(Buffer.from([0]))
		.update(data)
		.digest();
}

function nodeHash(left: Buffer, right: Buffer): Buffer {
	return createHash('sha256')
		.update(Buffer.from([1]))
		.update(left)
		.update(right)
		.digest();
}

/** tlog.Tile.Path: tile/8/L/x001/234 (+ .p/W for a partial tile). */
export function tilePath(level: number, index: number, width: number): string {
	let n = index;
	let text = String(n % 1000).padStart(3, '0');
	while (n >= 1000) {
		n = Math.floor(n / 1000);
		text = `x${String(n % 1000).padStart(3, '0')}/${text}`;
	}
	return `tile/${TILE_HEIGHT}/${level}/${text}${width === WIDTH ? '' : `.p/${width}`}`;
}

/** Fetches the tile at PATH (a partial tile may be answered by the full one, whose prefix it is). */
export type TileFetcher = (path: string, fullPath: string | undefined) => Promise<Buffer>;

/** Proves that DATA is record ID of TREE, fetching tiles; throws SumdbError('proof') when it is not. */
export async function proveRecord(tree: TreeHead, id: number, data: Buffer, fetchTile: TileFetcher): Promise<void> {
	if (!(id >= 0 && id < tree.size)) throw new SumdbError('proof', `record ${id} cannot be in a tree of ${tree.size} records`);
	const tiles = new Map<string, Promise<Buffer>>();
	const leaf = recordHash(data);

	/** A stored hash at tree LEVEL (a multiple of 8), read from its tile of the tree's width. */
	const tileHash = async (level: number, index: number): Promise<Buffer> => {
		const tileLevel = level / TILE_HEIGHT;
		const tileIndex = Math.floor(index / WIDTH);
		const stored = Math.floor(tree.size / 2 ** level);
		const width = Math.min(WIDTH, stored - tileIndex * WIDTH);
		const path = tilePath(tileLevel, tileIndex, width);
		let tile = tiles.get(path);
		if (tile === undefined) {
			tile = fetchTile(path, width === WIDTH ? undefined : tilePath(tileLevel, tileIndex, WIDTH)).then(body => {
				if (body.length < width * 32) throw new SumdbError('proof', `the tile ${path} holds ${body.length} bytes, not ${width * 32}`);
				return body.subarray(0, width * 32);
			});
			tiles.set(path, tile);
		}
		const offset = (index % WIDTH) * 32;
		return (await tile).subarray(offset, offset + 32);
	};

	/** Hash of the complete subtree of height LEVEL at INDEX; the record's own path is recomputed from its hash. */
	const subtree = async (level: number, index: number): Promise<Buffer> => {
		const first = index * 2 ** level;
		const holdsRecord = id >= first && id < first + 2 ** level;
		if (level === 0 && holdsRecord) return leaf;
		if (!holdsRecord && level % TILE_HEIGHT === 0) return tileHash(level, index);
		const [left, right] = await Promise.all([subtree(level - 1, 2 * index), subtree(level - 1, 2 * index + 1)]);
		return nodeHash(left, right);
	};

	// tlog.TreeHash: the maximal complete subtrees from the left, combined right to left.
	// The subtrees' tiles are fetched all at once: each answer is a round trip to the database or the proxy.
	const pending: Array<Promise<Buffer>> = [];
	let start = 0;
	for (let level = Math.floor(Math.log2(tree.size)) + 1; level >= 0; level--) {
		if (start + 2 ** level > tree.size) continue;
		pending.push(subtree(level, start / 2 ** level));
		start += 2 ** level;
	}
	const parts = await Promise.all(pending);
	let root = parts.pop()!;
	while (parts.length > 0) root = nodeHash(parts.pop()!, root);
	if (!root.equals(tree.hash))
		throw new SumdbError(
			'proof',
			`the inclusion proof failed: record ${id} and the tiles do not hash to the signed tree of ${tree.size} records (the record or a tile was altered)`,
		);
}
