import {Text} from 'ink';
import {act, useState} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {useFollowEnd, Viewport} from '../../source/ui/kit/viewport.js';
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

	// A view whose question or outcome is its last row (the Proxy step after apply) asks to keep the end on screen.
	let setView: (view: {count: number; follow: boolean}) => void = () => undefined;
	function Growing() {
		const [{count, follow}, set] = useState({count: 6, follow: true});
		setView = set;
		useFollowEnd(follow);
		return (
			<>
				{Array.from({length: count}, (_, i) => (
					<Text key={i}>{`line ${i + 1}`}</Text>
				))}
			</>
		);
	}
	const change = async (view: {count: number; follow: boolean}) => {
		await act(async () => setView(view));
		await measured();
	};

	it('following the end: the last rows stay on screen as the content grows, PgUp still scrolls, off goes back to the top', async () => {
		app = await renderInk(
			<Viewport height={4} width={50} theme={themeFor(false)} isActive>
				<Growing />
			</Viewport>,
			{columns: 60},
		);
		await measured();
		expect(app.lastFrame().split('\n')).toEqual(['line 4', 'line 5', 'line 6', '↑ 3 more · PgUp/PgDn scroll']);
		await change({count: 9, follow: true});
		expect(app.lastFrame().split('\n')).toEqual(['line 7', 'line 8', 'line 9', '↑ 6 more · PgUp/PgDn scroll']);
		await app.press(PAGE_UP);
		await measured();
		expect(app.lastFrame()).toContain('↓ 2 more');
		await change({count: 9, follow: false});
		expect(app.lastFrame().split('\n')[0]).toBe('line 1');
	});
});
