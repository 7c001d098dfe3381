import {Text} from 'ink';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {App} from '../../source/ui/app.js';
import {lazyView} from '../../source/ui/steps/lazy-view.js';
import type {StepDefinition, StepViewProps} from '../../source/ui/steps/index.js';
import {fakeServices} from './fixtures.js';
import {renderInk, type Rendered} from './render.js';

let app: Rendered | undefined;
afterEach(async () => {
	await app?.unmount();
	app = undefined;
});

/** A load the test resolves when it chooses: the point is what shows before and after a chunk arrives. */
function deferredView(text: string) {
	let resolve!: () => void;
	const arrived = new Promise<void>(r => (resolve = r));
	const load = vi.fn(async () => {
		await arrived;
		return function View(_props: StepViewProps) {
			return <Text>{text}</Text>;
		};
	});
	return {load, arrive: resolve};
}

describe('lazyView (step views load after the first frame)', () => {
	it('renders nothing until its chunk arrives, then the view; a second mount renders it at once', async () => {
		const {load, arrive} = deferredView('the real view');
		const lazy = lazyView<StepViewProps>(load);
		const props = {} as StepViewProps;
		app = await renderInk(<lazy.View {...props} />);
		expect(app.lastFrame()).toBe('');
		arrive();
		await app.waitFor(/the real view/, 5000);
		await app.unmount();
		app = await renderInk(<lazy.View {...props} />);
		// Loaded once: no blank frame the second time.
		expect(app.frames.map(frame => frame.trim()).filter(Boolean)[0]).toBe('the real view');
		expect(load).toHaveBeenCalledTimes(1);
	});

	it('a chunk that cannot be read says so in the step instead of staying blank', async () => {
		const lazy = lazyView<StepViewProps>(async () => {
			throw new Error('ENOENT: dist/cache-view-XYZ.js');
		});
		app = await renderInk(<lazy.View {...({} as StepViewProps)} />);
		await app.waitFor(/Could not load this step: ENOENT: dist\/cache-view-XYZ\.js/, 5000);
	});

	it('the shell preloads every step once after its first frame, the first step first', async () => {
		const order: string[] = [];
		const steps: StepDefinition[] = (['toolchain', 'module', 'proxy', 'cache', 'verify'] as const).map(id => ({
			id,
			title: id,
			...lazyView<StepViewProps>(async () => {
				order.push(id);
				return function View() {
					return <Text>{id} view</Text>;
				};
			}),
		}));
		const services = fakeServices();
		services.teamProfile.find = async () => ({kind: 'none'});
		app = await renderInk(<App services={services} ascii={false} onExit={() => undefined} steps={steps} />, {columns: 100, rows: 30});
		await app.waitFor(/toolchain view/, 5000);
		expect(order[0]).toBe('toolchain');
		expect([...order].sort()).toEqual(['cache', 'module', 'proxy', 'toolchain', 'verify']);
	});
});
