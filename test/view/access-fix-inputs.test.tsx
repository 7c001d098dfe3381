import {Text} from 'ink';
import {useEffect, useState} from 'react';
import {afterEach, expect, it} from 'vitest';
import type {Services} from '../../source/ui/services.js';
import {AccessFix} from '../../source/ui/onboarding/access-fix.js';
import {themeFor} from '../../source/ui/theme.js';
import {fakeServices} from './fixtures.js';
import {keys, renderInk, type Rendered} from './render.js';

let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
});

const ENV = {GOPRIVATE: 'git.corp.example'};
const HOSTS = ['git.corp.example'];

// The preview checks the host for real (git ls-remote, the go-get page): a task input made anew on every render started
// it again each time the onboarding around it re-rendered (useTasks compares inputs by identity). The service here only
// counts its calls and answers after a while, so the re-renders fall while it runs.
it('the fix preview runs once while the screen around it re-renders', async () => {
	let calls = 0;
	const fake = fakeServices();
	const services: Services = {
		...fake,
		teamProfile: {
			...fake.teamProfile,
			fixPreview: async ({host}) => {
				calls++;
				await new Promise(resolve => setTimeout(resolve, 600));
				return {offered: false, host, serves: 'git', why: 'checked once'};
			},
		},
	};
	function Around() {
		const [renders, setRenders] = useState(0);
		useEffect(() => {
			if (renders >= 5) return;
			const timer = setTimeout(() => setRenders(renders + 1), 40);
			return () => clearTimeout(timer);
		}, [renders]);
		return (
			<>
				<Text>renders {renders}</Text>
				<AccessFix services={services} theme={themeFor(false)} isActive width={80} env={ENV} hosts={HOSTS} onDone={() => undefined} />
			</>
		);
	}
	app = await renderInk(<Around />, {columns: 100, rows: 30});
	await app.waitFor(/renders 5/, 10_000);
	await app.waitFor(/checked once/, 10_000);
	expect(calls).toBe(1);
});

// The host chooser is the kit's SelectList (issue 19: every list's cursor drawn by ink-select-input): > under --ascii,
// on the model's cursor; no cursor while the onboarding is not the active screen.
it('the host chooser: the kit list with > under --ascii, moved by the model, no cursor while inactive', async () => {
	const hosts = ['git.corp.example', 'gitlab.acme.example'];
	const chooser = (isActive: boolean) => (
		<AccessFix
			services={fakeServices()}
			theme={themeFor(true)}
			isActive={isActive}
			width={60}
			env={ENV}
			hosts={hosts}
			onDone={() => undefined}
		/>
	);
	app = await renderInk(chooser(true), {columns: 64, rows: 20});
	expect(app.lastFrame()).toMatch(/^> git\.corp\.example\n {2}gitlab\.acme\.example$/m);
	await app.press(keys.down);
	expect(app.lastFrame()).toMatch(/^ {2}git\.corp\.example\n> gitlab\.acme\.example$/m);
	await app.unmount();
	app = await renderInk(chooser(false), {columns: 64, rows: 20});
	expect(app.lastFrame()).toMatch(/^ {2}git\.corp\.example\n {2}gitlab\.acme\.example$/m);
});
