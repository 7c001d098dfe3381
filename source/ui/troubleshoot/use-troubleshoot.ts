import {useCallback, useEffect, useRef} from 'react';
import {shellWord} from '../../core/explain/fixes.js';
import {useKeys} from '../kit/use-keys.js';
import {useSyncReducer} from '../kit/use-sync-reducer.js';
import type {Services} from '../services.js';
import {asksToApply, initialTroubleshootState, inputKey, submissionOf, troubleshootReducer, type TroubleshootState} from './model.js';

type Options = {
	services: Services;
	isActive: boolean;
	onClose: () => void;
};

/**
 * The Troubleshoot screen's state and keys: the text area (pasted keys of one read handled one by one, in order),
 * Ctrl-D to explain or run, the fix through the journal on y, the proof after it.
 */
export function useTroubleshoot({services, isActive, onClose}: Options): {
	state: TroubleshootState;
	answer: (yes: boolean) => void;
} {
	const [state, dispatch, latest] = useSyncReducer(troubleshootReducer, initialTroubleshootState);
	const live = useRef(true);
	useEffect(() => {
		live.current = true;
		return () => {
			live.current = false;
		};
	}, []);
	// Results that arrive after the screen closed change nothing.
	const send = useCallback((action: Parameters<typeof dispatch>[0]) => live.current && dispatch(action), [dispatch]);
	const fail = useCallback((error: unknown) => send({type: 'failed', message: (error as Error).message ?? String(error)}), [send]);

	const submit = useCallback(() => {
		const submission = submissionOf(latest().text.value);
		if (submission === undefined) return;
		const {troubleshoot} = services;
		if (submission.kind === 'invalid') send({type: 'failed', message: submission.message});
		else if (submission.kind === 'command') {
			send({type: 'start', command: submission.args.map(shellWord).join(' ')});
			troubleshoot
				.explainCommand(submission.args, line => send({type: 'line', line}))
				.then(answer => send({type: 'answered', answer}), fail);
		} else {
			send({type: 'start'});
			troubleshoot.explainText(submission.text).then(answer => send({type: 'answered', answer}), fail);
		}
	}, [latest, services, send, fail]);

	const answer = useCallback(
		(yes: boolean) => {
			if (!yes) {
				services.troubleshoot.decline();
				send({type: 'declined'});
				return;
			}
			send({type: 'apply'});
			services.troubleshoot.applyFix(line => send({type: 'line', line})).then(result => send({type: 'applied', result}), fail);
		},
		[services, send, fail],
	);

	useKeys(
		(input, key) => {
			const current = latest();
			if (current.phase === 'input') {
				const action = inputKey(current, input, key);
				if (action === 'submit') submit();
				else if (action === 'close') onClose();
				else if (action) dispatch(action);
				return;
			}
			// The y/N question has its own keys; while go runs, only Ctrl-C (the shell's) does anything.
			if (asksToApply(current) || current.phase === 'running' || current.phase === 'applying') return;
			if (key.escape) dispatch({type: 'back'});
		},
		{isActive, text: true},
	);
	return {state, answer};
}
