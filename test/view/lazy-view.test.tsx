import {Text} from 'ink';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {App} from '../../source/ui/app.js';
import {lazyModule} from '../../source/ui/services/lazy-module.js';
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

	it('waits for what the view needs of its services (their lazily loaded rules), then renders at once next time', async () => {
		let release!: () => void;
		const rulesArrive = new Promise<void>(r => (release = r));
		const rules = lazyModule('the test rules', async () => {
			await rulesArrive;
			return {shout: (text: string) => text.toUpperCase()};
		});
		const services = {...fakeServices(), proxy: {...fakeServices().proxy, ready: rules.ready}};
		const lazy = lazyView<StepViewProps>(
			async () =>
				function View(_props: StepViewProps) {
					return <Text>{rules.get().shout('rules loaded')}</Text>;
				},
			s => s.proxy.ready(),
		);
		expect(() => rules.get()).toThrow('the test rules used before its ready() resolved');
		const props = {services} as unknown as StepViewProps;
		app = await renderInk(<lazy.View {...props} />);
		await new Promise(resolve => setTimeout(resolve, 50));
		// The chunk is there by now; the rules are not, so the view is not rendered (it would throw).
		expect(app.lastFrame()).toBe('');
		release();
		await app.waitFor(/RULES LOADED/, 5000);
		expect(rules.ready()).toBeUndefined();
		await app.unmount();
		app = await renderInk(<lazy.View {...props} />);
		expect(app.frames.map(frame => frame.trim()).filter(Boolean)[0]).toBe('RULES LOADED');
	});

	it('rules that cannot be loaded say so in the step', async () => {
		const rules = lazyModule('the test rules', async () => {
			throw new Error('ENOENT: dist/proxy-rules-XYZ.js');
		});
		const services = {...fakeServices(), proxy: {...fakeServices().proxy, ready: rules.ready}};
		const lazy = lazyView<StepViewProps>(
			async () =>
				function View() {
					return <Text>never</Text>;
				},
			s => s.proxy.ready(),
		);
		app = await renderInk(<lazy.View {...({services} as unknown as StepViewProps)} />);
		await app.waitFor(/Could not load this step: ENOENT: dist\/proxy-rules-XYZ\.js/, 5000);
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
		// With its services: the Proxy step's rules load too, before the user gets there.
		const ready = vi.fn(() => undefined);
		services.proxy.ready = ready;
		steps[2] = {
			...steps[2]!,
			...lazyView<StepViewProps>(
				async () => () => <Text>proxy view</Text>,
				s => s.proxy.ready(),
			),
		};
		app = await renderInk(<App services={services} ascii={false} onExit={() => undefined} steps={steps} />, {columns: 100, rows: 30});
		await app.waitFor(/toolchain view/, 5000);
		expect(order[0]).toBe('toolchain');
		expect([...order].sort()).toEqual(['cache', 'module', 'toolchain', 'verify']);
		await vi.waitFor(() => expect(ready).toHaveBeenCalled());
	});
});
