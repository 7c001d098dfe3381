/** Levenshtein distance: the fewest single-character insertions, deletions and substitutions from a to b. */
export function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const row = [i];
		for (let j = 1; j <= b.length; j++) {
			row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		previous = row;
	}
	return previous[b.length]!;
}

/**
 * The known word closest to a misspelt one (`GOPROXYY` → GOPROXY), compared without case; undefined when even the
 * closest is too far to be a typo (more than a third of the word, at least 2 edits allowed).
 */
export function nearest(word: string, known: readonly string[]): string | undefined {
	let best: {name: string; distance: number} | undefined;
	for (const name of known) {
		const distance = editDistance(word.toUpperCase(), name.toUpperCase());
		if (best === undefined || distance < best.distance) best = {name, distance};
	}
	return best && best.distance <= Math.max(2, Math.floor(word.length / 3)) ? best.name : undefined;
}
