import {formatBytes} from '../../text/units.js';
import type {PinEvent} from './pin.js';

/** What a pin shows while it runs: the go command, go's latest line, and the toolchain download's bytes so far. */
export type PinProgress = {command: string; said: string; text: string};

/**
 * Pure: the progress after EVENT. go's own lines as it works; while it downloads a toolchain (silent otherwise for a
 * minute), the bytes so far and the rate after its last line. The headless pin and the wizard's Toolchain step show it.
 */
export function pinProgress(previous: PinProgress | undefined, event: PinEvent): PinProgress {
	const command = previous?.command ?? 'go';
	switch (event.kind) {
		case 'run': {
			const started = `go ${event.args.join(' ')}`;
			return {command: started, said: '', text: started};
		}
		case 'go':
			return {command, said: event.line, text: `${command}: ${event.line}`};
		case 'download': {
			const rate = event.bytesPerSecond === null ? '' : `, ${formatBytes(event.bytesPerSecond)}/s`;
			const said = previous?.said || 'downloading';
			return {command, said: previous?.said ?? '', text: `${command}: ${said}: ${formatBytes(event.bytes)} so far${rate}`};
		}
	}
}
