import {Box, Text} from 'ink';
import {describe, expect, it} from 'vitest';
import {layoutProblems} from './layout-checks.js';
import {renderInk} from './render.js';

/**
 * Text the wizard shows comes from go, git, files and servers, and the terminal acts on every control in it. Found at
 * 80x24 in the demo: go's "no required module provides package ...; to add it:\n\tgo get ..." drew over the Verify
 * box's right border (Ink counts a tab as 0 columns, the terminal jumps to the next tab stop) and its bottom border
 * was never seen again. A hostile proxy's error body could also set the window title (OSC 0) or the clipboard (OSC 52).
 * The renderer patch (patches/ink+6.8.0.patch, sanitize-ansi.js) turns tabs into spaces and drops every control but
 * the newline and colours.
 */
const hostile = [
	'main.go:14:2: no required module provides package example.com/tune/humanize; to add it:',
	'\tgo get example.com/tune/humanize',
	'title\u001B]0;PWNED\u0007 clip\u001B]52;c;cHduZWQ=\u0007 cr\r bell\u0007 back\b del\u007F end',
].join('\n');

describe('text from outside gotune', () => {
	it('keeps every border whole and sends no control but newlines and colours to the terminal', async () => {
		const {rawLastFrame, lastFrame, unmount} = await renderInk(
			<Box borderStyle="double" width={60} flexDirection="column">
				<Text wrap="wrap" color="red">
					{hostile}
				</Text>
			</Box>,
			{columns: 80, rows: 24},
		);
		expect(layoutProblems(lastFrame(), 80, 24, ['go get example.com/tune/humanize'])).toEqual([]);
		const raw = rawLastFrame();
		expect(raw).not.toMatch(/\u001B\]|[\t\r\u0007\b\u007F]/);
		expect(lastFrame()).toContain('    go get example.com/tune/humanize');
		expect(lastFrame()).toContain('title clip cr bell back del end');
		await unmount();
	});
});
