import {render, Text} from 'ink';
import type {Runtime} from '../core/runtime.js';

export async function runWizardApp(runtime: Runtime, _options: {ascii: boolean}): Promise<number> {
	const instance = render(<Text>gotune wizard {runtime.sandbox ? 'SANDBOX' : ''}</Text>);
	instance.unmount();
	await instance.waitUntilExit();
	return 0;
}
