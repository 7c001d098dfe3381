import {Box} from 'ink';
import {afterEach, describe, expect, it} from 'vitest';
import type {ProbeEvent, ProbeInput, ProbeOutcome, ProbeResult} from '../../source/core/proxy/index.js';
import type {TaskContext} from '../../source/core/task.js';
import {TaskCancelled} from '../../source/core/task.js';
import type {ProxyServices} from '../../source/ui/services/proxy.js';
import {ProxyStep} from '../../source/ui/steps/proxy/proxy-view.js';
import {wrap} from '../../source/text/wrap.js';
import {fakeProxy, fakeServices, probeResult, proxyContext, stepProps} from './fixtures.js';
import {keys, renderInk, type Rendered} from './render.js';

/**
 * A probe whose candidates finish when the test says so, to see rows resolve one by one. Only the timing is
 * controlled here; the probe itself is tested for real against loopback servers in test/unit/proxy-probe.test.ts.
 */
function controlledProbe() {
	let ctx: TaskContext<ProbeEvent> | undefined;
	let input: ProbeInput | undefined;
	const results: Array<ProbeResult | undefined> = [];
	let finish: ((outcome: ProbeOutcome) => void) | undefined;
	let fail: ((error: Error) => void) | undefined;
	const probe: ProxyServices['proxy']['probe'] = (i, context) =>
		new Promise((resolve, reject) => {
			ctx = context;
			input = i;
			finish = resolve;
			fail = reject;
			i.candidates.forEach((c, index) => context.emit({type: 'step', index, url: c.shown, step: 'list'}));
			context.signal.addEventListener('abort', () => reject(new TaskCancelled('the probe')));
		});
	return {
		probe,
		signal: () => ctx?.signal,
		resolve(index: number, result: ProbeResult) {
			results[index] = result;
			ctx!.emit({type: 'result', index, result});
			if (input!.candidates.every((_, i) => results[i] !== undefined))
				finish!({module: 'golang.org/x/text@v0.14.0', results: results as ProbeResult[], elapsedMs: 512});
		},
		fail: (error: Error) => fail?.(error),
	};
}

let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
});

async function start(proxy: ProxyServices['proxy']) {
	const services = {...fakeServices(), proxy};
	const props = {services, ...stepProps(110, 60)};
	app = await renderInk(<ProxyStep {...props} />, {columns: 120, rows: 70});
	await app.settle();
	return props;
}

describe('Proxy step', () => {
	it('shows a live table whose rows resolve as their probes finish, then the composed GOPROXY', async () => {
		const control = controlledProbe();
		await start({...fakeProxy().proxy, probe: control.probe});
		let frame = app!.lastFrame();
		expect(frame).toContain('Probing 2 candidates at once for golang.org/x/text@v0.14.0 (0/2 done');
		expect(frame).toMatch(/https:\/\/proxy\.golang\.org\s+current\s+list…/);
		expect(frame).toMatch(/https:\/\/goproxy\.cn\s+default\s+list…/);

		await app!.settle();
		control.resolve(1, probeResult('https://goproxy.cn', {latencyMs: 38, firstByteMs: 35}));
		await app!.settle();
		frame = app!.lastFrame();
		expect(frame).toContain('(1/2 done');
		expect(frame).toMatch(/✓ https:\/\/goproxy\.cn\s+default\s+38 ms\s+35 ms\s+12 ms\s+18 ms\s+2\.4 MB\/s/);
		expect(frame).toMatch(/https:\/\/proxy\.golang\.org\s+current\s+list…/);

		control.resolve(
			0,
			probeResult('https://proxy.golang.org', {
				source: 'current',
				ok: false,
				status: null,
				error: 'timeout',
				latencyMs: null,
				firstByteMs: null,
				bytesPerSec: null,
				detail: 'list: no complete answer within 5 s',
			}),
		);
		await app!.settle();
		frame = app!.lastFrame();
		expect(frame).toContain('Probed 2 candidates for golang.org/x/text@v0.14.0');
		expect(frame).toMatch(/✗ https:\/\/proxy\.golang\.org\s+current\s+timeout/);
		expect(frame).toContain('GOPROXY=https://goproxy.cn,direct');
		expect(frame).toContain('go tries direct only when https://goproxy.cn answers 404 or 410');
		expect(frame).toContain('https://proxy.golang.org failed during the probe (timeout) and is followed by ","');
	});

	it("a row's detail wraps between words under the row, every wrapped row at the detail's indent (no stray leading space)", async () => {
		const detail = '12 versions listed; zip 1.2 MB in 30 ms; serves sum.golang.org; median of 3 .info requests';
		// Ink's wrap kept the space it broke at when a row ended flush with a word: at 44 columns, "     serves sum.golang.org".
		for (const width of [60, 44, 40]) {
			const control = controlledProbe();
			app = await renderInk(
				<Box width={width}>
					<ProxyStep services={{...fakeServices(), proxy: {...fakeProxy().proxy, probe: control.probe}}} {...stepProps(width, 40)} />
				</Box>,
				{columns: width + 4, rows: 50},
			);
			await app.settle();
			control.resolve(1, probeResult('https://goproxy.cn'));
			control.resolve(
				0,
				probeResult('https://proxy.golang.org', {source: 'current', ok: false, status: 502, error: 'server-error', detail}),
			);
			await app.settle();
			const lines = app.lastFrame()!.split('\n');
			const rows = wrap(detail, width - 4, '');
			expect(rows.length).toBeGreaterThan(1);
			for (const row of rows) expect(lines, app.lastFrame()).toContain(`    ${row}`);
			await app.unmount();
			app = undefined;
		}
	});

	// Ink's wrap="wrap" kept the space it broke at when a word ended flush with the width ("GOPROXY=… (already in",
	// " force)"): the step's sentences wrap with gotune's own wrap. No row here is indented by one column on purpose.
	it('the title, the probed line, GOPROXY, the settings and the advice wrap between words: no row starts with a stray space', async () => {
		const stray: string[] = [];
		for (const width of [36, 40, 44, 47, 49, 52, 55, 57, 62, 70]) {
			for (const works of [true, false]) {
				const control = controlledProbe();
				app = await renderInk(
					<Box width={width}>
						<ProxyStep services={{...fakeServices(), proxy: {...fakeProxy().proxy, probe: control.probe}}} {...stepProps(width, 60)} />
					</Box>,
					{columns: width + 4, rows: 70},
				);
				await app.settle();
				control.resolve(0, probeResult('https://proxy.golang.org', {source: 'current', ok: works, error: works ? null : 'dns'}));
				control.resolve(1, probeResult('https://goproxy.cn', {ok: false, error: 'dns'}));
				await app.settle();
				const frame = app.lastFrame();
				stray.push(
					...frame
						.split('\n')
						.filter(row => /^ \S/.test(row))
						.map(row => `${width}: "${row}"`),
				);
				// Nothing is cut: the sentences are whole, read across their rows (a URL wider than a row is split in it).
				const whole = (text: string) => expect(frame.replace(/\s+/g, ''), `${width}`).toContain(text.replace(/\s+/g, ''));
				whole('Proxy · where go downloads modules from, and what checks them');
				whole('GOPRIVATE=(none)  GONOPROXY=(= GOPRIVATE)  GONOSUMDB=(= GOPRIVATE)  GOSUMDB=sum.golang.org');
				whole(
					works
						? 'GOPROXY=https://proxy.golang.org,direct (already in force)'
						: 'No candidate works: nothing to recommend (GOPROXY stays https://proxy.golang.org,direct).',
				);
				await app.unmount();
				app = undefined;
			}
		}
		expect(stray).toEqual([]);
	});

	it('Esc cancels the probe: unfinished rows say so, finished rows stay', async () => {
		const control = controlledProbe();
		await start({...fakeProxy().proxy, probe: control.probe});
		control.resolve(1, probeResult('https://goproxy.cn'));
		await app!.settle();
		await app!.press(keys.escape);
		await app!.settle();
		expect(control.signal()?.aborted).toBe(true);
		const frame = app!.lastFrame();
		expect(frame).toMatch(/https:\/\/proxy\.golang\.org\s+current\s+cancelled/);
		expect(frame).toMatch(/✓ https:\/\/goproxy\.cn/);
		expect(frame).toContain('GOPROXY=https://goproxy.cn,direct');
	});

	it('validates GOPRIVATE as typed, with what each pattern matches; refuses what go would ignore', async () => {
		const proxy = fakeProxy(
			proxyContext({
				requirements: [
					{path: 'git.corp.example/team/lib', version: 'v1.0.0'},
					{path: 'golang.org/x/text', version: 'v0.14.0'},
				],
			}),
		).proxy;
		const props = await start(proxy);
		await app!.press('p');
		expect(props.captureKeys).toHaveBeenLastCalledWith(true);
		expect(app!.lastFrame()).toContain('GOPRIVATE (comma-separated globs)');
		await app!.press('*.corp.example, golang.org');
		let frame = app!.lastFrame();
		expect(frame).toContain('"*.corp.example": git.corp.example/team/lib');
		expect(frame).toContain('" golang.org" contains white space: Go does not trim patterns');
		await app!.press(keys.enter);
		expect(app!.lastFrame()).toContain('GOPRIVATE (comma-separated globs)');
		// Delete " golang.org" (11 characters) in one read, then keep.
		await app!.press('\u007F'.repeat(11), keys.enter);
		frame = app!.lastFrame();
		expect(frame).toContain('GOPRIVATE=*.corp.example');
	});

	it("GOSUMDB: validated with go's words; off only after a confirmation naming what is lost", async () => {
		await start(fakeProxy().proxy);
		await app!.press('s', '\u007F'.repeat(20), 'foo');
		expect(app!.lastFrame()).toContain('invalid GOSUMDB: malformed verifier id');
		await app!.press('\u007F'.repeat(3), 'off', keys.enter);
		const frame = app!.lastFrame();
		expect(frame).toContain('go no longer checks downloaded modules against the public checksum database');
		expect(frame).toContain('Set GOSUMDB=off? [y/N]');
		await app!.press('y');
		expect(app!.lastFrame()).toContain('GOSUMDB=off');
	});

	it('offline (every candidate fails): says so, offers nothing to apply, and Enter goes on (no dead end)', async () => {
		const props = await start(fakeProxy().proxy);
		const frame = app!.lastFrame();
		expect(frame).toMatch(/✗ https:\/\/goproxy\.cn\s+default\s+dns/);
		expect(frame).toContain('No candidate works: nothing to recommend');
		expect(frame).toContain('Enter continue');
		await app!.press(keys.enter);
		expect(app!.lastFrame()).not.toContain('[y/N]');
		expect(props.onNext).toHaveBeenCalledTimes(1);
	});

	it('GONOPROXY separately (the "none" idiom), how go will fetch, GOINSECURE and the mainland checksum endpoint', async () => {
		const control = controlledProbe();
		const context = proxyContext({
			settings: {...proxyContext().settings, GOINSECURE: 'git.corp.example'},
			requirements: [{path: 'git.corp.example/team/lib', version: 'v1.0.0'}],
		});
		await start({...fakeProxy(context).proxy, probe: control.probe});
		control.resolve(0, probeResult('https://proxy.golang.org', {source: 'current', latencyMs: 90}));
		control.resolve(1, probeResult('https://goproxy.cn', {latencyMs: 20}));
		await app!.settle();
		let frame = app!.lastFrame().replace(/\s+/g, ' ');
		expect(frame).toContain('! GOINSECURE=git.corp.example: direct fetches of matching modules may use plain HTTP');
		expect(frame).toContain('GOSUMDB=sum.golang.google.cn reaches the same checksum database');
		expect(frame).toContain('golang.org/x/text@v0.14.0: https://goproxy.cn | https://proxy.golang.org , direct · checksums sum.golang.org');
		await app!.press('p', 'git.corp.example', keys.enter);
		frame = app!.lastFrame().replace(/\s+/g, ' ');
		expect(frame).toContain(
			'git.corp.example/team/lib: direct · checksums not checked · insecure allowed · GOPRIVATE "git.corp.example" · GONOPROXY "git.corp.example" · GONOSUMDB "git.corp.example"',
		);
		await app!.press('n', 'none', keys.enter);
		frame = app!.lastFrame().replace(/\s+/g, ' ');
		expect(frame).toContain('GONOPROXY=none');
		expect(frame).toContain('git.corp.example/team/lib: https://goproxy.cn | https://proxy.golang.org , direct · checksums not checked');
	});

	it("fits a short step box: the table always shows, Go's rules scroll with PgDn", async () => {
		const control = controlledProbe();
		const services = {...fakeServices(), proxy: {...fakeProxy().proxy, probe: control.probe}};
		const props = {services, ...stepProps(110, 12)};
		app = await renderInk(<ProxyStep {...props} />, {columns: 120, rows: 40});
		await app.settle();
		control.resolve(0, probeResult('https://proxy.golang.org', {source: 'current'}));
		control.resolve(1, probeResult('https://goproxy.cn', {latencyMs: 20}));
		await app.settle();
		let frame = app.lastFrame();
		expect(frame.split('\n').length).toBeLessThanOrEqual(12);
		expect(frame).toMatch(/✓ https:\/\/goproxy\.cn/);
		expect(frame).toMatch(/↓ \d+ more/);
		expect(frame).not.toContain('Every request walks the list from the start');
		// The keys are the model's bindings: the footer offers them while the rules do not fit.
		expect(frame.replace(/\s+/g, ' ')).toContain("PgUp/PgDn Go's rules");
		expect(frame.split('\n').length).toBeLessThanOrEqual(12);
		await app.press('\u001B[6~', '\u001B[6~', '\u001B[6~');
		frame = app.lastFrame();
		expect(frame).toMatch(/↑ \d+ more/);
		await app.press('\u001B[5~', '\u001B[5~', '\u001B[5~');
		expect(app.lastFrame()).not.toMatch(/↑ \d+ more/);
	});

	it("offers no PgUp/PgDn when Go's rules fit", async () => {
		const control = controlledProbe();
		const services = {...fakeServices(), proxy: {...fakeProxy().proxy, probe: control.probe}};
		app = await renderInk(<ProxyStep {...{services, ...stepProps(110, 40)}} />, {columns: 120, rows: 40});
		await app.settle();
		control.resolve(0, probeResult('https://proxy.golang.org', {source: 'current'}));
		control.resolve(1, probeResult('https://goproxy.cn', {latencyMs: 20}));
		await app.settle();
		expect(app.lastFrame()).toContain('Every request walks the list from the start');
		expect(app.lastFrame()).not.toContain('PgUp');
	});
});
