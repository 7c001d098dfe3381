/**
 * What a headless command sends to the terminal. Its text carries words from servers (a proxy's error body), go, git
 * and files, and a terminal acts on every control in them: OSC 0 and 52 set the window title and the clipboard,
 * cursor moves, carriage returns and backspaces write over what was printed before (a line that hides another).
 * Kept: newlines, tabs, colours (SGR) and the progress line's own carriage return + erase-line (commands/progress.ts).
 * Everything else is dropped. (The wizard's text goes through Ink's sanitizer, patched the same way: patches/README.md.)
 */
const CONTROLS =
	// ESC sequences: CSI (ESC [ ... final), OSC/DCS/PM/APC/SOS strings (to BEL, ST or the end), and two-character
	// escapes; C1 controls (U+0080–U+009F, CSI among them in 8-bit terminals); a carriage return unless it starts
	// the progress line's erase; the other C0 controls but tab and newline; DEL.
	/\u001B(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[ -/]*[0-~]?)|[\u0080-\u009F]|\r(?!\u001B\[K)|[\u0000-\u0008\u000B-\u000C\u000E-\u001A\u001C-\u001F\u007F]/g;

const KEPT = /^(?:\u001B\[[\d;:]*m|\u001B\[K)$/;

export function printable(text: string): string {
	return text.replace(CONTROLS, match => (KEPT.test(match) ? match : ''));
}
