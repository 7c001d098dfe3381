import {Text} from 'ink';
import {act} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {Viewport} from '../../source/ui/kit/viewport.js';
import {themeFor} from '../../source/ui/theme.js';
import {renderInk, type Rendered} from './render.js';

const PAGE_DOWN = '\u001B[6~';
const PAGE_UP = '\u001B[5~';

let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
});

/** The viewport measures its content after layout (and every 100 ms): let that happen. */
const measured = async () => act(async () => new Promise(resolve => setTimeout(resolve, 150)));

describe('kit Viewport (issue 19: content below the fold says so)', () => {
	const rows = Array.from({length: 8}, (_, i) => `row ${i + 1}`);
	const view = (height: number) => (
		<Viewport height={height} width={50} theme={themeFor(false)} isActive>
			{rows.map(row => (
				<Text key={row}>{row}</Text>
			))}
		</Viewport>
	);

	it('content that fits: shown whole, no "more" row', async () => {
		app = await renderInk(view(8), {columns: 60});
		await measured();
		expect(app.lastFrame()).toContain('row 8');
		expect(app.lastFrame()).not.toContain('more');
	});

	it('taller content: the rows that fit, a "↓ N more" row, PgDn and PgUp scroll', async () => {
		app = await renderInk(view(4), {columns: 60});
		await measured();
		expect(app.lastFrame().split('\n')).toEqual(['row 1', 'row 2', 'row 3', '↓ 5 more · PgUp/PgDn scroll']);
		await app.press(PAGE_DOWN);
		await measured();
		expect(app.lastFrame().split('\n')).toEqual(['row 3', 'row 4', 'row 5', '↑ 2 more  ↓ 3 more · PgUp/PgDn scroll']);
		await app.press(PAGE_DOWN, PAGE_DOWN, PAGE_DOWN);
		await measured();
		expect(app.lastFrame().split('\n')).toEqual(['row 6', 'row 7', 'row 8', '↑ 5 more · PgUp/PgDn scroll']);
		await app.press(PAGE_UP, PAGE_UP, PAGE_UP);
		await measured();
		expect(app.lastFrame()).toContain('row 1');
	});
});
