import {useEffect, useState} from 'react';
import type {ToolchainFindings} from '../../core/steps/toolchain.js';
import type {ToolchainServices} from '../services/toolchain.js';

export type FindingsState =
	| {status: 'loading'}
	| {status: 'ready'; findings: ToolchainFindings}
	| {status: 'failed'; message: string};

/**
 * Runs the checks after the first frame (effects run after Ink has written it), then refreshes the release
 * table in the background; only a table newer than the one used re-runs the checks. Offline changes nothing.
 */
export function useToolchainFindings({toolchain}: ToolchainServices): FindingsState {
	const [state, setState] = useState<FindingsState>(() => {
		const latest = toolchain.latest();
		return latest ? {status: 'ready', findings: latest} : {status: 'loading'};
	});
	useEffect(() => {
		let live = true;
		const show = (next: FindingsState) => {
			if (live) setState(next);
		};
		void (async () => {
			let findings: ToolchainFindings;
			try {
				findings = await toolchain.check();
			} catch (error) {
				show({status: 'failed', message: error instanceof Error ? error.message : String(error)});
				return;
			}
			show({status: 'ready', findings});
			const table = await toolchain.refreshReleases().catch(() => undefined);
			const used = findings.support?.table.asOf;
			if (!live || table === undefined || used === undefined || table.asOf <= used) return;
			show({status: 'ready', findings: await toolchain.recheck(table).catch(() => findings)});
		})();
		return () => {
			live = false;
		};
	}, [toolchain]);
	return state;
}
