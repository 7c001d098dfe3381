import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {App} from '../../source/ui/app.js';
import {preloadSteps} from '../../source/ui/steps/index.js';
import {fakeServices, fakeTroubleshoot} from './fixtures.js';
import {keys, renderInk, type Rendered} from './render.js';

beforeAll(() => preloadSteps());

let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
});

const CTRL_D = '\u0004';

async function wizard(troubleshoot = fakeTroubleshoot(), {columns = 100, rows = 30} = {}) {
	const services = {...fakeServices(), troubleshoot: troubleshoot.troubleshoot};
	app = await renderInk(<App services={services} ascii={false} onExit={vi.fn()} />, {columns, rows});
	await app.waitFor(/go1\.23\.5/);
	return {app, calls: troubleshoot.calls};
}

describe('Troubleshoot screen (! from any step)', () => {
	it('a multi-line paste arriving in one read is one text, line ends kept; Ctrl-D explains it; y applies the fix', async () => {
		const {app, calls} = await wizard();
		await app.press('!');
		await app.waitFor(/Troubleshoot · what went wrong/);
		// One read holding a Windows line end, a tab, a Unix line end and two DELs (Backspace) at the end.
		await app.press('go: corp.example/lib@v1.0.0: verifying module: 404 Not Found\r\n\tserver response: not found\nxy\u007F\u007F');
		const typed = await app.waitFor(/server response: not found/);
		expect(typed).toMatch(/[│║] {3}go: corp\.example\/lib@v1\.0\.0: verifying module: 404/);
		// The tab kept (shown as four spaces), the DELs deleted what they follow, never inserted.
		expect(typed).toMatch(/[│║] {7}server response: not found/);
		await app.press(CTRL_D);
		const answered = await app.waitFor(/Apply go env -w GONOSUMDB=corp\.example through the journal/);
		expect(calls.texts).toEqual(['go: corp.example/lib@v1.0.0: verifying module: 404 Not Found\n\tserver response: not found']);
		expect(answered).toMatch(/1\. The checksum database does not know corp\.example\/lib/);
		expect(answered).toMatch(/checked: go fetches corp\.example\/lib/);
		expect(answered).toMatch(/Fix: go env -w GONOSUMDB=corp\.example/);
		// "yy" in one read applies once.
		await app.press('yy');
		await app.waitFor(/Applied change set #3\. Undo: gotune rollback --last/);
		expect(calls.fixes).toBe(1);
		await app.press(keys.escape);
		await app.waitFor(/Paste go's output/);
		await app.press(keys.escape);
		const back = await app.waitFor(/Needs attention|Go commands found/);
		expect(back).not.toMatch(/Troubleshoot/);
	});

	it('a typed go command runs (output streamed), the answer names it, and the fix re-runs it as proof', async () => {
		const troubleshoot = fakeTroubleshoot({
			lines: ['go: downloading corp.example/lib v1.0.0'],
			fix: {changeSet: '4', proof: {args: ['go', 'build', './...'], exitCode: 0, ok: true}},
		});
		const {app, calls} = await wizard(troubleshoot);
		await app.press('!');
		await app.waitFor(/Paste go's output/);
		await app.press('go build ./...');
		await app.press(CTRL_D);
		const answered = await app.waitFor(/go build \.\/\.\.\. exited with 1/);
		expect(calls.commands).toEqual([['go', 'build', './...']]);
		expect(answered.replace(/[\s║|]+/g, ' ')).toMatch(/then run the command again as proof\?/);
		await app.press('y');
		const done = await app.waitFor(/Proof: go build \.\/\.\.\. succeeded after the fix/);
		expect(done).toMatch(/Applied change set #4/);
		expect(done).toMatch(/go: downloading corp\.example\/lib v1\.0\.0/);
	});

	it('a typed command is split as a shell would, without one: quotes keep words whole; unbalanced quotes are refused', async () => {
		const {app, calls} = await wizard();
		await app.press('!');
		await app.waitFor(/Paste go's output/);
		await app.press(`go build -ldflags "-s -w" -tags='a b' ./...`);
		await app.press(CTRL_D);
		await app.waitFor(/exited with 1/);
		expect(calls.commands).toEqual([['go', 'build', '-ldflags', '-s -w', '-tags=a b', './...']]);
		await app.press(keys.escape);
		await app.waitFor(/Paste go's output/);
		await app.press(' "');
		await app.press(CTRL_D);
		const refused = await app.waitFor(/that is never closed/);
		expect(refused).toMatch(/The command has a " at column 45 that is never closed/);
		expect(calls.commands).toHaveLength(1);
		await app.press(keys.escape);
		await app.waitFor(/Paste go's output/);
	});

	it('n declines: nothing applied, and gotune is told (doctor says "declined"); q is a letter while typing', async () => {
		const {app, calls} = await wizard();
		await app.press('!');
		await app.waitFor(/Paste go's output/);
		await app.press('quit: not a key here');
		await app.waitFor(/quit: not a key here/);
		await app.press(CTRL_D);
		await app.waitFor(/\[y\/N\]/);
		await app.press('n');
		await app.waitFor(/Not applied; nothing was written/);
		expect(calls.fixes).toBe(0);
		expect(calls.declined).toBe(1);
	});

	it('a fix that is only a command: no question, the command shown as left to the person', async () => {
		const base = fakeTroubleshoot().troubleshoot;
		const answer = {
			explanation: {
				problems: [
					{
						class: 'missing-go-sum' as const,
						summary: 'go.sum has no checksum for the module providing package rsc.io/quote, so go refuses to use it.',
						evidence: ['main.go:3:8: missing go.sum entry for module providing package rsc.io/quote (imported by example.com/m); to add:'],
						settings: {},
						fix: {kind: 'command' as const, command: 'go get example.com/m'},
						confidence: 'high' as const,
					},
				],
				unrecognised: ['./main.go:9:2: undefined: foo'],
			},
			changes: [],
			manual: ['go get example.com/m'],
			noGo: false,
		};
		const {app} = await wizard({...fakeTroubleshoot({answer}), troubleshoot: {...base, explainText: async () => answer}});
		await app.press('!');
		await app.press('x', CTRL_D);
		const frame = await app.waitFor(/Left to you \(gotune does not run these\): go get example\.com\/m/);
		expect(frame).toMatch(/Not recognised \(1 line; gotune does not guess\)/);
		expect(frame).not.toMatch(/\[y\/N\]/);
	});
});
