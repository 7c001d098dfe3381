/**
 * Ink's line-by-line ("incremental") renderer rewrites only the lines that changed since the last frame and trusts
 * the others to be on screen where it left them. After a resize they are not: the terminal has reflowed, pushed
 * rows into its scrollback or pulled them back, and Ink clears only when the width shrinks. This wraps Ink's log so
 * the first frame after any size change is drawn whole (what the full-redraw renderer always does), and every
 * other frame sends only its changed lines. Wired in at bundle time (tsup.config.ts); no React, no Ink imports.
 */
export type InkLog = ((output: string) => boolean) & {
	clear: () => void;
	done: () => void;
	sync: (output: string) => void;
	setCursorPosition: (position: unknown) => void;
	isCursorDirty: () => boolean;
	willRender: (output: string) => boolean;
};

type Terminal = {columns?: number; rows?: number};

const sizeOf = (stream: Terminal) => `${stream.columns ?? 0}x${stream.rows ?? 0}`;

export function redrawOnResize(log: InkLog, stream: Terminal, options: {incremental?: boolean} = {}): InkLog {
	if (!options.incremental) return log;
	let drawnAt = sizeOf(stream);
	const resized = () => sizeOf(stream) !== drawnAt;
	const render = ((output: string) => {
		if (resized()) {
			drawnAt = sizeOf(stream);
			// Erases what Ink drew last and forgets it, so this frame is written whole.
			log.clear();
		}
		return log(output);
	}) as InkLog;
	render.clear = () => log.clear();
	render.done = () => log.done();
	render.sync = output => {
		drawnAt = sizeOf(stream);
		log.sync(output);
	};
	render.setCursorPosition = position => log.setCursorPosition(position);
	render.isCursorDirty = () => log.isCursorDirty();
	render.willRender = output => resized() || log.willRender(output);
	return render;
}
