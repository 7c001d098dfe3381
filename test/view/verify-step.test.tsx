import {mkdir, readdir, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {MeasurementEvent} from '../../source/core/measure/events.js';
import {createVerifyServices} from '../../source/ui/services/verify.js';
import type {Services} from '../../source/ui/services.js';
import {VerifyStep} from '../../source/ui/steps/verify/verify-view.js';
import {themeFor} from '../../source/ui/theme.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {fakeServices} from './fixtures.js';
import {renderInk} from './render.js';

/** Standard-library-free and library-only: the real builds take well under a second. */
const MODULE = {
	'go.mod': 'module example.com/verify\n\ngo 1.19\n',
	'leaf/leaf.go': 'package leaf\n\n// One is the leaf.\nfunc One() int { return 1 }\n',
	'top/top.go': 'package top\n\nimport "example.com/verify/leaf"\n\n// Two uses leaf.\nfunc Two() int { return leaf.One() + 1 }\n',
};

describe('Verify step with the real verify services (real go, sandboxed)', () => {
	let sandbox: TestSandbox;
	let dir: string;
	beforeAll(async () => {
		sandbox = await makeSandbox();
		dir = path.join(sandbox.dir, 'verify');
		for (const [name, text] of Object.entries(MODULE)) {
			await mkdir(path.dirname(path.join(dir, name)), {recursive: true});
			await writeFile(path.join(dir, name), text);
		}
	});
	afterAll(async () => sandbox.cleanup());

	it('measures the chosen module, streams every build into record(), shows the rows, and saves the report 0600', async () => {
		const fake = fakeServices();
		const services: Services = {
			...fake,
			module: {...fake.module, chosen: () => ({kind: 'module', dir})},
			...createVerifyServices(sandbox.runtime),
		};
		const recorded: MeasurementEvent[] = [];
		const app = await renderInk(
			<VerifyStep
				services={services}
				theme={themeFor(false)}
				isActive
				width={96}
				height={20}
				onNext={() => undefined}
				setPending={() => undefined}
				captureKeys={() => undefined}
				record={event => recorded.push(event)}
			/>,
			{columns: 100, rows: 24},
		);
		expect(app.lastFrame()).toContain(`Verify · ${dir}`);
		expect(app.lastFrame()).toMatch(/3 runs\s+of\s+each/);
		await app.press('-', '-');
		expect(app.lastFrame()).toMatch(/1 run\s+of\s+each/);
		await app.press('m');
		await app.waitFor(/incremental .*after editing leaf\/leaf.go/);
		expect(app.lastFrame()).toMatch(/cold +\d+(\.\d)? m?s +build cache 0\/2 hits/);
		expect(app.lastFrame()).toMatch(/warm +\d+(\.\d)? m?s +build cache 2\/2 hits \(100%\)/);
		expect(recorded.filter(e => e.type === 'build-finished')).toHaveLength(3);
		expect(recorded.filter(e => e.type === 'build-started').map(e => (e as {label: string}).label)).toEqual([
			'cold 1/1',
			'warm 1/1',
			'incremental 1/1',
		]);
		// Not slower than anything (no change sets this run): no roll-back offer.
		expect(app.lastFrame()).not.toMatch(/roll back/);
		await app.press('s');
		await app.waitFor(/Report saved to/);
		// In gotune's state directory, never in the repository the user works in (sandbox.dir is the runtime's cwd).
		expect((await readdir(sandbox.dir)).filter(name => name.startsWith('gotune-report-'))).toEqual([]);
		const reports = path.join(sandbox.runtime.gotuneHome, 'reports');
		const report = (await readdir(reports)).find(name => name.startsWith('gotune-report-'))!;
		expect(app.lastFrame().replace(/\s+/g, '')).toContain(path.join(reports, report));
		expect((await stat(path.join(reports, report))).mode & 0o777).toBe(0o600);
		await app.unmount();
	}, 90_000);

	it('explains a failed build in one sentence and its fix, with the rows indented under their value column', async () => {
		// The demo's case: go mod init made a go.mod with no requirements, and main.go imports a module it does not require.
		const broken = path.join(sandbox.dir, 'broken');
		await mkdir(broken, {recursive: true});
		await writeFile(path.join(broken, 'go.mod'), 'module example.com/tune\n\ngo 1.19\n');
		await writeFile(path.join(broken, 'main.go'), 'package main\n\nimport "example.com/tune/humanize"\n\nfunc main() { humanize.Say() }\n');
		const fake = fakeServices();
		const services: Services = {
			...fake,
			module: {...fake.module, chosen: () => ({kind: 'module', dir: broken})},
			...createVerifyServices(sandbox.runtime),
		};
		const app = await renderInk(
			<VerifyStep
				services={services}
				theme={themeFor(false)}
				isActive
				width={76}
				height={18}
				onNext={() => undefined}
				setPending={() => undefined}
				captureKeys={() => undefined}
				record={() => undefined}
			/>,
			{columns: 80, rows: 24},
		);
		await app.press('-', '-', 'm');
		await app.waitFor(/Troubleshoot explains/);
		const frame = app.lastFrame();
		const flat = frame.replace(/\s+/g, ' ');
		expect(flat).toContain('The build failed: No module in go.mod provides the imported package example.com/tune/humanize.');
		expect(flat).toContain('Fix: t in the Module step (go mod tidy), or go get example.com/tune/humanize');
		// go's whole output is no longer repeated ("go said: ..."): the rows show its first lines.
		expect(flat).not.toContain('go said:');
		// A row that wraps continues under the value column (13 cells), never at column 1.
		const rows = frame.split('\n');
		const failed = rows.findIndex(line => /^cold +not measured:/.test(line));
		expect(failed).toBeGreaterThan(-1);
		expect(rows[failed + 1]).toMatch(/^ {13}\S/);
		await app.unmount();
	}, 90_000);
});
