import {Box, Text} from 'ink';
import {useReducer} from 'react';
import {act} from 'react';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {
	BusyLine,
	Confirmation,
	KeyHints,
	ProgressBar,
	SelectList,
	TableRow,
	TextField,
	WrappedText,
	editText,
	moveSelection,
	useKeyBindings,
	useKeys,
	useTask,
	type KeyBinding,
	type TaskMessage,
	type TextState,
} from '../../source/ui/kit/index.js';
import type {Task} from '../../source/core/task.js';
import {themeFor} from '../../source/ui/theme.js';
import {keys, renderInk, type Rendered} from './render.js';

const unicode = themeFor(false);
const ascii = themeFor(true);
let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
	vi.useRealTimers();
});

function KeyLog() {
	const [log, add] = useReducer((all: string[], key: string) => [...all, key], []);
	useKeys((input, key) => add(key.tab ? 'Tab' : key.return ? 'Enter' : key.downArrow ? 'Down' : input));
	return <Text>keys: {log.join(',')}</Text>;
}

describe('useKeys', () => {
	it('handles each key of one read once, in order', async () => {
		app = await renderInk(<KeyLog />);
		await app.press('yy');
		await app.press('\t\t');
		await app.press(`${keys.down}${keys.down}`);
		await app.press('jjk\r');
		expect(app.lastFrame()).toBe('keys: y,y,Tab,Tab,Down,Down,j,j,k,Enter');
	});
});

describe('Confirmation', () => {
	it('answers once: "yy" in one read is one yes', async () => {
		const onAnswer = vi.fn();
		app = await renderInk(
			<Confirmation question="Create go.mod?" theme={unicode} isActive onAnswer={onAnswer} yes="create go.mod" no="change the path" />,
		);
		expect(app.lastFrame()).toContain('Create go.mod? [y/N]');
		expect(app.lastFrame()).toContain('y create go.mod · n change the path');
		await app.press('yy');
		await app.press('y');
		expect(onAnswer).toHaveBeenCalledTimes(1);
		expect(onAnswer).toHaveBeenCalledWith(true);
	});

	it('Enter and Esc answer no (the default)', async () => {
		const onAnswer = vi.fn();
		app = await renderInk(<Confirmation question="Undo?" theme={unicode} isActive onAnswer={onAnswer} />);
		await app.press(keys.enter);
		expect(onAnswer).toHaveBeenCalledWith(false);
		const onEscape = vi.fn();
		await app.unmount();
		app = await renderInk(<Confirmation question="Undo?" theme={unicode} isActive onAnswer={onEscape} />);
		await app.press(keys.escape);
		expect(onEscape).toHaveBeenCalledWith(false);
	});
});

describe('BusyLine', () => {
	it('after a few seconds says how long it has waited and for what', async () => {
		vi.useFakeTimers({toFake: ['setInterval', 'clearInterval', 'Date']});
		app = await renderInk(<BusyLine what="Looking for go commands" waitingFor="go version from /usr/bin/go" theme={ascii} />);
		expect(app.lastFrame()).toContain('Looking for go commands...');
		expect(app.lastFrame()).not.toContain('still waiting');
		await act(async () => vi.advanceTimersByTime(4000));
		expect(app.lastFrame()).toContain('4s, still waiting for go version from /usr/bin/go');
	});
});

describe('ProgressBar', () => {
	it('bytes with rate and ETA, ASCII under --ascii, inside its width', async () => {
		app = await renderInk(
			<ProgressBar label="go1.27.1" unit="bytes" done={35_000_000} total={70_000_000} startedAt={0} now={4000} width={60} theme={ascii} />,
		);
		const frame = app.lastFrame();
		expect(frame).toMatch(/^go1\.27\.1 \[#+\.+\] {2}50% {2}35 MB\/70 MB/);
		expect(frame).not.toMatch(/[█░]/);
		expect(frame.length).toBeLessThanOrEqual(60);
	});
});

type ListAction = {type: 'move'; by: number} | {type: 'choose'};
const listBindings: Array<KeyBinding<ListAction>> = [
	{keys: ['up', 'k'], action: {type: 'move', by: -1}, hint: 'choose'},
	{keys: ['down', 'j'], action: {type: 'move', by: 1}, hint: 'choose'},
	{keys: ['return'], action: {type: 'choose'}, hint: 'select'},
];
const items = Array.from({length: 8}, (_, i) => ({id: `i${i}`, label: `Item ${i}`}));

function List({height, theme}: {height: number; theme: typeof unicode}) {
	const [state, dispatch] = useReducer(
		(s: {selected: number; chosen?: string}, a: ListAction) =>
			a.type === 'move' ? {...s, selected: moveSelection(s.selected, a.by, items.length)} : {...s, chosen: items[s.selected]!.label},
		{selected: 0},
	);
	useKeyBindings(listBindings, dispatch);
	return (
		<Box flexDirection="column">
			<SelectList items={items} selected={state.selected} height={height} theme={theme} />
			<KeyHints bindings={listBindings} theme={theme} />
			<Text>chosen: {state.chosen ?? '-'}</Text>
		</Box>
	);
}

describe('SelectList', () => {
	it('two ↓ in one read move twice; "jjk" moves down, down, up', async () => {
		app = await renderInk(<List height={10} theme={unicode} />);
		await app.press(`${keys.down}${keys.down}`);
		expect(app.lastFrame()).toContain('❯ Item 2');
		await app.press('jjk');
		expect(app.lastFrame()).toContain('❯ Item 3');
		expect(app.lastFrame()).toContain('↑/↓ choose · Enter select');
		await app.press(keys.enter);
		expect(app.lastFrame()).toContain('chosen: Item 3');
	});

	it('in a short box the pointer stays visible and the hints are ASCII under --ascii', async () => {
		app = await renderInk(<List height={3} theme={ascii} />);
		await app.press('jjjjjjj');
		const frame = app.lastFrame();
		expect(frame).toContain('> Item 7');
		expect(frame).toContain('^ 6 more');
		expect(frame).toContain('^/v choose - Enter select');
		expect(frame).not.toMatch(/[↑↓❯]/);
	});

	it('items with rows under their label: the cursor on the label, the rows kept with it, cut at the width', async () => {
		const sets = ['#3', '#2', '#1'].map((id, i) => ({
			id,
			label: `${id} wizard:proxy applied`,
			rows: Array.from({length: i + 1}, (_, r) => ({text: `  KEY${r} old → a value long enough to be cut at the width`})),
		}));
		app = await renderInk(<SelectList items={sets} selected={1} theme={ascii} height={5} width={30} />);
		// #3 (2 rows) does not fit with #2 (3 rows) in 5: counted above; #1 (4 rows) below.
		expect(app.lastFrame()).toBe(
			['^ 2 more', '> #2 wizard:proxy applied', '    KEY0 old → a value long...', '    KEY1 old → a value long...', 'v 4 more'].join('\n'),
		);
		await app.unmount();
		// A set taller than the box: its first rows, the rest counted.
		app = await renderInk(<SelectList items={sets} selected={2} theme={unicode} height={4} width={30} />);
		expect(app.lastFrame()).toBe(['↑ 5 more', '❯ #1 wizard:proxy applied', '    KEY0 old → a value long e…', '↓ 2 more'].join('\n'));
	});

	it('a selection out of range shows no cursor (a list kept for reference while a path is typed)', async () => {
		app = await renderInk(<SelectList items={items.slice(0, 3).map(item => ({...item, dim: true}))} selected={-1} theme={unicode} />);
		expect(app.lastFrame()).toContain('  Item 0\n  Item 1\n  Item 2');
		expect(app.lastFrame()).not.toContain('❯');
	});
});

describe('TableRow', () => {
	it('fixed columns, truncation with the ellipsis, a status mark', async () => {
		app = await renderInk(
			<Box flexDirection="column">
				<TableRow
					theme={unicode}
					status="ok"
					columns={[
						{text: 'https://proxy.golang.org', width: 12},
						{text: '42 ms', width: 7, align: 'right'},
					]}
				/>
				<TableRow
					theme={ascii}
					status="error"
					columns={[
						{text: 'https://goproxy.io', width: 12},
						{text: 'timeout', width: 7, align: 'right'},
					]}
				/>
				<TableRow
					theme={unicode}
					pending="…"
					columns={[
						{text: 'direct', width: 12},
						{text: '', width: 7},
					]}
				/>
			</Box>,
		);
		expect(app.lastFrame().split('\n')).toEqual(['✓ https://pro…   42 ms', '[x] https://g... timeout', '… direct']);
	});
});

function Field() {
	const [state, dispatch] = useReducer(
		(s: TextState, press: {input: string; key: Parameters<typeof editText>[2]}) => editText(s, press.input, press.key) ?? s,
		{value: 'work', cursor: 4},
	);
	useKeys((input, key) => dispatch({input, key}), {text: true});
	return (
		<Text>
			path: <TextField value={state.value} cursor={state.cursor} focus /> [{JSON.stringify(state.value)}]
		</Text>
	);
}

describe('TextField', () => {
	it('pasted text arrives whole; Backspaces in one read delete, never insert DEL', async () => {
		app = await renderInk(<Field />);
		await app.press('xyz\u007F\u007F\u007F');
		expect(app.lastFrame()).toContain('["work"]');
		await app.press('/example.com/app');
		expect(app.lastFrame()).toContain('["work/example.com/app"]');
		await app.press('\u007F'.repeat(17));
		expect(app.lastFrame()).toContain('["wor"]');
	});
	it('a masked field draws one * per character and never the value, cursor included', async () => {
		app = await renderInk(
			<Box flexDirection="column">
				<TextField value="s3cret" cursor={2} focus mask="*" />
				<TextField value="s3cret" cursor={6} focus={false} mask="*" />
			</Box>,
		);
		expect(app.lastFrame().split('\n')).toEqual(['******', '******']);
		// The raw frame (ANSI included: SGR codes hold digits and m only) has none of the letters.
		expect(app.rawLastFrame()).not.toMatch(/[scret]/);
	});
});

type Event = {done: number};
function TaskView({task, input}: {task: Task<string, Event, string>; input?: string}) {
	const [log, dispatch] = useReducer(
		(all: string[], m: TaskMessage<Event, string>) => [
			...all,
			m.type === 'task-event'
				? `event ${m.event.done}`
				: m.type === 'task-done'
					? `done ${m.result}`
					: m.type === 'task-failed'
						? `failed ${m.message}`
						: 'cancelled',
		],
		[],
	);
	useTask('t', task, input, dispatch, {cancelOnEscape: true});
	// useTask reports nothing but messages (a step knows from its state whether it is busy): running until the last one.
	const running = input !== undefined && !/^(done|failed|cancelled)/.test(log.at(-1) ?? '');
	return (
		<Text>
			{running ? 'running' : 'idle'}: {log.join('; ')}
		</Text>
	);
}

function deferred() {
	let resolve!: (value: string) => void;
	const promise = new Promise<string>(r => (resolve = r));
	return {promise, resolve};
}

describe('WrappedText', () => {
	// Ink's wrap="wrap" started the second row with the space it broke at: "GOPROXY=https://a.example" is 25 columns.
	it('breaks between words with no stray space, across styled runs', async () => {
		app = await renderInk(
			<Box width={25}>
				<WrappedText parts={[{text: 'GOPROXY='}, {text: 'https://a.example (already', bold: true}, {text: ' in force)'}]} width={25} />
			</Box>,
			{columns: 30, rows: 5},
		);
		expect(app.lastFrame().split('\n')).toEqual(['GOPROXY=https://a.example', '(already in force)']);
	});
});

describe('useTask', () => {
	it('feeds events and the result into the reducer; runs once per input', async () => {
		const gate = deferred();
		const task = vi.fn<Task<string, Event, string>>(async (input, {emit}) => {
			emit({done: 1});
			return `${input}:${await gate.promise}`;
		});
		app = await renderInk(<TaskView task={task} input="a" />);
		expect(app.lastFrame()).toBe('running: event 1');
		await act(async () => gate.resolve('ok'));
		await app.settle();
		expect(app.lastFrame()).toBe('idle: event 1; done a:ok');
		expect(task).toHaveBeenCalledTimes(1);
	});

	it('Esc aborts the signal and tells the reducer once; later results are dropped', async () => {
		const gate = deferred();
		let signal: AbortSignal | undefined;
		const task: Task<string, Event, string> = async (_input, context) => {
			signal = context.signal;
			return gate.promise;
		};
		app = await renderInk(<TaskView task={task} input="a" />);
		await app.press(keys.escape);
		expect(signal?.aborted).toBe(true);
		await act(async () => gate.resolve('late'));
		await app.settle();
		expect(app.lastFrame()).toBe('idle: cancelled');
	});

	it('unmount aborts; a failure becomes a message', async () => {
		let signal: AbortSignal | undefined;
		app = await renderInk(
			<TaskView
				task={async (_i, c) => {
					signal = c.signal;
					return new Promise<string>(() => undefined);
				}}
				input="a"
			/>,
		);
		await app.unmount();
		app = undefined;
		expect(signal?.aborted).toBe(true);
		app = await renderInk(
			<TaskView
				task={async () => {
					throw new Error('go: exit status 1');
				}}
				input="b"
			/>,
		);
		await app.settle();
		expect(app.lastFrame()).toBe('idle: failed go: exit status 1');
	});
});
