import {lazyView} from './lazy-view.js';
import type {Services} from '../services.js';
import type {StepDefinition, StepViewProps} from './types.js';

// Each step's view (and the core code it uses) is its own chunk, loaded right after the first frame.
const toolchain = lazyView<StepViewProps>(async () => (await import('./toolchain/toolchain-view.js')).ToolchainStep);
// The Module and Proxy views also wait for their services' pure rules (services/lazy-module.ts).
const module = lazyView<StepViewProps>(
	async () => (await import('./module/module-view.js')).ModuleStep,
	services => services.module.ready(),
);
const proxy = lazyView<StepViewProps>(
	async () => (await import('./proxy/proxy-view.js')).ProxyStep,
	services => services.proxy.ready(),
);
const cache = lazyView<StepViewProps>(async () => (await import('./cache/cache-view.js')).CacheStep);
const verify = lazyView<StepViewProps>(async () => (await import('./verify/verify-view.js')).VerifyStep);

/**
 * The wizard's steps, in order. To plug a step in, add its view here as a lazyView, e.g.
 * `{id: 'module', title: 'Module', ...lazyView(async () => (await import('./module/module-view.js')).ModuleStep)}`.
 */
export const STEPS: StepDefinition[] = [
	{id: 'toolchain', title: 'Toolchain', ...toolchain},
	{id: 'module', title: 'Module', ...module},
	{id: 'proxy', title: 'Proxy', ...proxy},
	{id: 'cache', title: 'Cache', ...cache},
	{id: 'verify', title: 'Verify', ...verify},
];

/**
 * Every step's view, loaded (with SERVICES, what they need of them too): for callers that need the first render to
 * show the step (tests, the e2e harness).
 */
export async function preloadSteps(steps: StepDefinition[] = STEPS, services?: Services): Promise<void> {
	await Promise.all(steps.map(step => step.preload?.(services)));
}

export type {PendingChange, StepDefinition, StepId, StepViewProps} from './types.js';
