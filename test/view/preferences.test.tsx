import {stat} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {closePreferences} from '../../source/core/preferences.js';
import {App} from '../../source/ui/app.js';
import {preloadSteps} from '../../source/ui/steps/index.js';
import {createPreferencesServices} from '../../source/ui/services/preferences.js';
import {makeSandbox, type TestSandbox} from '../helpers/sandbox.js';
import {fakePreferences, fakeServices, journalWithOneSet} from './fixtures.js';
import {keys, renderInk, type Rendered} from './render.js';

// The step views load after the first frame (lazyView); these tests are about what they show once loaded.
beforeAll(() => preloadSteps());

let app: Rendered | undefined;
let sandbox: TestSandbox | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
	closePreferences();
	await sandbox?.cleanup();
	sandbox = undefined;
});

describe('the last chosen panel (gotune preferences)', () => {
	it('the tab row starts on the panel chosen last time; choosing another is remembered', async () => {
		const preferences = fakePreferences('rollback-log');
		// A change set in the journal: the panel row is open (empty panels fold into one summary line).
		app = await renderInk(<App services={{...fakeServices(), ...journalWithOneSet(), ...preferences}} ascii={false} onExit={vi.fn()} />, {
			columns: 80,
			rows: 24,
		});
		await app.settle();
		expect(app.lastFrame()).toMatch(/\[Rollback log\]/);
		expect(app.lastFrame()).toContain('#1');
		// Focus starts on the step; Tab goes round from the first panel as before.
		await app.press(keys.tab, keys.tab);
		expect(app.lastFrame()).toMatch(/\[Hit rates\]/);
		expect(preferences.saved.lastPanel).toBe('hit-rates');
	});

	it('an unknown or missing preference changes nothing', async () => {
		app = await renderInk(
			<App services={{...fakeServices(), ...journalWithOneSet(), ...fakePreferences('no-such-panel')}} ascii={false} onExit={vi.fn()} />,
			{
				columns: 80,
				rows: 24,
			},
		);
		await app.settle();
		expect(app.lastFrame()).toMatch(/\[Build timing\]/);
	});

	it('the real service keeps it in GOTUNE_HOME/preferences.json, mode 0600', async () => {
		sandbox = await makeSandbox();
		const services = createPreferencesServices(sandbox.runtime);
		expect(await services.preferences.lastPanel()).toBeUndefined();
		services.preferences.setLastPanel('hit-rates');
		await vi.waitFor(async () => expect(await services.preferences.lastPanel()).toBe('hit-rates'));
		closePreferences();
		expect(await createPreferencesServices(sandbox.runtime).preferences.lastPanel()).toBe('hit-rates');
		expect((await stat(path.join(sandbox.runtime.gotuneHome, 'preferences.json'))).mode & 0o777).toBe(0o600);
	});
});
