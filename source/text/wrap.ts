/**
 * Word-wraps to `width`, indenting continuation lines; long words (paths, URLs) are split rather than overflowing.
 * Every width ends: an indent as wide as the line (or wider) is dropped and a width below 1 counts as 1, so a
 * 1-column terminal gets one character per row instead of a loop that never ends (issue 7: 17 columns hung).
 */
export function wrap(text: string, width: number, indent: string): string[] {
	const columns = Math.max(1, Math.floor(width));
	const pad = indent.length < columns ? indent : '';
	const room = columns - pad.length;
	const out: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (let word of paragraph.split(' ')) {
			while (word.length > room) {
				if (line) {
					out.push(pad + line);
					line = '';
				}
				out.push(pad + word.slice(0, room));
				word = word.slice(room);
			}
			if (line.length + (line ? 1 : 0) + word.length > room) {
				out.push(pad + line);
				line = word;
			} else {
				line = line ? `${line} ${word}` : word;
			}
		}
		out.push(pad + line);
	}
	return out;
}
