import {CacheStep} from './cache/cache-view.js';
import {ModuleStep} from './module/module-view.js';
import {ProxyStep} from './proxy/proxy-view.js';
import {ToolchainStep} from './toolchain/toolchain-view.js';
import {VerifyStep} from './verify/verify-view.js';
import type {StepDefinition} from './types.js';

/**
 * The wizard's steps, in order. To plug a step in, import its view and replace its `notBuiltStep(...)`,
 * e.g. `{id: 'module', title: 'Module', View: ModuleView},`.
 */
export const STEPS: StepDefinition[] = [
	{id: 'toolchain', title: 'Toolchain', View: ToolchainStep},
	{id: 'module', title: 'Module', View: ModuleStep},
	{id: 'proxy', title: 'Proxy', View: ProxyStep},
	{id: 'cache', title: 'Cache', View: CacheStep},
	{id: 'verify', title: 'Verify', View: VerifyStep},
];

export type {PendingChange, StepDefinition, StepId, StepViewProps} from './types.js';
