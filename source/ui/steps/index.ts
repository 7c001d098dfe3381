import {lazyView} from './lazy-view.js';
import type {StepDefinition, StepViewProps} from './types.js';

// Each step's view (and the core code it uses) is its own chunk, loaded right after the first frame.
const toolchain = lazyView<StepViewProps>(async () => (await import('./toolchain/toolchain-view.js')).ToolchainStep);
const module = lazyView<StepViewProps>(async () => (await import('./module/module-view.js')).ModuleStep);
const proxy = lazyView<StepViewProps>(async () => (await import('./proxy/proxy-view.js')).ProxyStep);
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

/** Every step's view, loaded: for callers that need the first render to show the step (tests, the e2e harness). */
export async function preloadSteps(steps: StepDefinition[] = STEPS): Promise<void> {
	await Promise.all(steps.map(step => step.preload?.()));
}

export type {PendingChange, StepDefinition, StepId, StepViewProps} from './types.js';
