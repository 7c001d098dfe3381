import type {DOMElement} from 'ink';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/**
 * Checks of a rendered frame (ANSI stripped) against the terminal it is drawn in: each returns the problems it
 * finds as sentences naming the row, so a failing size/state shows what broke where. Used by layout.test.tsx.
 */

/** Border glyphs of Ink's box styles: round and double (Unicode), classic (--ascii). */
const STYLES = [
	{tl: '╭', tr: '╮', bl: '╰', br: '╯', h: '─', v: '│'},
	{tl: '╔', tr: '╗', bl: '╚', br: '╝', h: '═', v: '║'},
	{tl: '┌', tr: '┐', bl: '└', br: '┘', h: '─', v: '│'},
	{tl: '+', tr: '+', bl: '+', br: '+', h: '-', v: '|'},
] as const;
type Style = (typeof STYLES)[number];

export type Box = {top: number; bottom: number; left: number; right: number; style: Style};

const cellsOf = (frame: string) => frame.split('\n').map(line => [...line]);

/** No row wider than the terminal, and no more rows than it has. */
export function checkSize(frame: string, columns: number, rows: number): string[] {
	const problems: string[] = [];
	const lines = cellsOf(frame);
	if (lines.length > rows) problems.push(`${lines.length} rows in a terminal of ${rows}`);
	lines.forEach((cells, row) => {
		if (cells.length > columns) problems.push(`row ${row} is ${cells.length} wide (terminal ${columns}): ${cells.join('')}`);
	});
	return problems;
}

/** Top borders: a corner, a run of the style's horizontal glyph (a title may not sit in it), the other corner. */
export function findBoxes(frame: string): Box[] {
	const lines = cellsOf(frame);
	const boxes: Box[] = [];
	lines.forEach((cells, row) => {
		for (let left = 0; left < cells.length; left++) {
			for (const style of STYLES) {
				if (cells[left] !== style.tl) continue;
				let right = left + 1;
				while (cells[right] === style.h) right++;
				// The classic style's corners are '+' both sides; a lone '+' in text is no box (needs a run of '-').
				if (right - left < 2 || cells[right] !== style.tr) continue;
				// A bottom border in the classic style looks like a top one: it is a top only if the row below has sides.
				if (style.tl === style.bl && !(lines[row + 1]?.[left] === style.v)) continue;
				boxes.push({top: row, bottom: findBottom(lines, row, left, right, style), left, right, style});
				left = right;
				break;
			}
		}
	});
	return boxes;
}

function findBottom(lines: string[][], top: number, left: number, right: number, style: Style): number {
	for (let row = top + 1; row < lines.length; row++) {
		const cells = lines[row]!;
		if (cells[left] === style.bl && cells[right] === style.br) return row;
		if (cells[left] !== style.v) return row;
	}
	return lines.length;
}

/**
 * Every box whole: each row inside it has the side glyph at both columns of its top border, and its bottom row is
 * corner, unbroken line, corner (key hints written over it showed as `╚═apply═══`).
 */
export function checkBorders(frame: string): string[] {
	const lines = cellsOf(frame);
	const problems: string[] = [];
	for (const box of findBoxes(frame)) {
		const {style} = box;
		const where = `box at row ${box.top} columns ${box.left}-${box.right}`;
		for (let row = box.top + 1; row < Math.min(box.bottom, lines.length); row++) {
			const cells = lines[row]!;
			if (cells[box.left] !== style.v || cells[box.right] !== style.v)
				problems.push(`${where}: row ${row} has no side border: ${cells.join('')}`);
		}
		const bottom = lines[box.bottom];
		if (bottom === undefined) {
			problems.push(`${where}: no bottom border before the end of the frame`);
			continue;
		}
		const run = bottom.slice(box.left, box.right + 1).join('');
		const whole = style.bl + style.h.repeat(box.right - box.left - 1) + style.br;
		if (run !== whole) problems.push(`${where}: bottom border broken at row ${box.bottom}: ${bottom.join('')}`);
	}
	return problems;
}

/**
 * Texts sharing cells. Ink draws a text that got fewer rows than it needs over the next one, which glues the end of
 * one to the start of another ("…changes nothing.protocol: gotune"), or leaves a border glyph inside a row's text.
 * Looked for: a sentence end glued to a word ("nothing.protocol" — but not a host or a file name, whose parts are
 * lower-case and follow no space-separated sentence), a border glyph with text on both sides within a box's row.
 */
export function checkOverlaps(frame: string): string[] {
	const problems: string[] = [];
	const lines = cellsOf(frame);
	const boxes = findBoxes(frame);
	lines.forEach((cells, row) => {
		const line = cells.join('');
		// A word, then sentence punctuation, then a word starting with a letter with no space: "nothing.protocol:".
		// Hosts, paths and versions have dots too; a glued sentence ends a run of several plain words.
		const glued = /[a-z]{3,}[.;](?:[a-z]{4,}:|[A-Z][a-z]+ )/.exec(line);
		if (glued) problems.push(`row ${row}: text glued to text (${glued[0].trim()}): ${line}`);
		// Inside a box: a side glyph between the borders, with non-space text on both sides of it.
		for (const box of boxes) {
			if (row <= box.top || row >= box.bottom) continue;
			for (let column = box.left + 2; column < box.right - 1; column++) {
				const cell = cells[column];
				if ((cell === '│' || cell === '║') && cells[column - 1] !== ' ' && cells[column + 1] !== ' ')
					problems.push(`row ${row}: a border glyph inside text at column ${column}: ${line}`);
			}
		}
	});
	return problems;
}

/** What must be on screen (or reachable: a "↓ N more" row says the rest is below). */
export function checkVisible(frame: string, texts: ReadonlyArray<string | RegExp>): string[] {
	const lines = cellsOf(frame);
	// Each box's inside read on its own (in the wide layout the panel column sits beside the step on the same rows).
	const regions = [
		frame,
		...findBoxes(frame).map(box =>
			lines
				.slice(box.top + 1, box.bottom)
				.map(cells => cells.slice(box.left + 1, box.right).join(''))
				.join(' '),
		),
	].map(text => text.replace(/\s+/g, ' '));
	const seen = (text: string | RegExp) => regions.some(region => (typeof text === 'string' ? region.includes(text) : text.test(region)));
	return texts.filter(text => !seen(text)).map(text => `not visible: ${String(text)}`);
}

/** Every check at once. */
/**
 * No control character left in a row (ANSI already stripped): the terminal acts on each (a tab jumps to the next tab
 * stop, a carriage return back to the row's start) where Ink counted none, so text lands over borders and other text.
 */
export function checkControls(frame: string): string[] {
	return frame.split('\n').flatMap((line, row) => {
		const found = /[\u0000-\u001F\u007F-\u009F]/.exec(line);
		return found
			? [`row ${row} holds control character U+${found[0].codePointAt(0)!.toString(16).padStart(4, '0')}: ${JSON.stringify(line)}`]
			: [];
	});
}

export function layoutProblems(frame: string, columns: number, rows: number, mustShow: ReadonlyArray<string | RegExp> = []): string[] {
	return [
		...checkSize(frame, columns, rows),
		...checkControls(frame),
		...checkBorders(frame),
		...checkOverlaps(frame),
		...checkVisible(frame, mustShow),
	];
}

type InkNode = DOMElement | {nodeName: '#text'; nodeValue: string};

function textOf(node: InkNode): string {
	if (node.nodeName === '#text') return (node as {nodeValue: string}).nodeValue;
	return (node as DOMElement).childNodes.map(child => textOf(child as InkNode)).join('');
}

const widest = (text: string) => Math.max(0, ...text.split('\n').map(line => stringWidth(line)));

/**
 * The layout as Yoga computed it, checked where the frame cannot show it: Ink draws a text that got fewer rows than
 * its wrapped text needs over whatever comes next (the Proxy table's rows drawn over each other, "…nothing.protocol"),
 * and a child that ends below its bordered parent over the parent's bottom border. `root`: a Box around the app.
 */
export function checkTree(root: DOMElement): string[] {
	const problems: string[] = [];
	const walk = (node: DOMElement, x: number, y: number, borders: Array<{bottom: number; right: number}>) => {
		if (node.style.display === 'none') return;
		const yoga = node.yogaNode;
		if (!yoga) return;
		const left = x + yoga.getComputedLeft();
		const top = y + yoga.getComputedTop();
		const width = yoga.getComputedWidth();
		const height = yoga.getComputedHeight();
		if (node.nodeName === 'ink-text') {
			const text = textOf(node);
			if (text.length === 0) return;
			const wrap = node.style.textWrap ?? 'wrap';
			const needed = widest(text) > width && wrap === 'wrap' ? wrapAnsi(text, Math.max(1, width), {trim: false, hard: true}) : text;
			const rows = needed.split('\n').length;
			if (rows > height) problems.push(`text needs ${rows} rows, got ${height} (drawn over what follows): ${text.slice(0, 80)}`);
			for (const border of borders)
				if (top + rows > border.bottom)
					problems.push(`text at row ${top} runs over its box's end at row ${border.bottom}: ${text.slice(0, 80)}`);
			return;
		}
		const clips = node.style.overflow === 'hidden' || node.style.overflowY === 'hidden';
		// Where this box's content must end: inside its bottom border, if it has one. A box that clips is its own limit.
		const contentBottom = top + height - (node.style.borderStyle && node.style.borderBottom !== false ? 1 : 0);
		const inner = clips ? [] : [...borders, {bottom: contentBottom, right: left + width - 1}];
		for (const child of node.childNodes) {
			if (child.nodeName === '#text') continue;
			const childYoga = (child as DOMElement).yogaNode;
			if (!clips && childYoga && (child as DOMElement).style.display !== 'none') {
				const childBottom = top + childYoga.getComputedTop() + childYoga.getComputedHeight();
				if (childBottom > contentBottom)
					problems.push(
						`content ends at row ${childBottom}, below its box's end at row ${contentBottom}: ${textOf(child as InkNode).slice(0, 80)}`,
					);
			}
			walk(child as DOMElement, left, top, inner);
		}
	};
	walk(root, 0, 0, []);
	return [...new Set(problems)];
}
