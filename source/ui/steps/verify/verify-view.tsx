import {Box, Text} from 'ink';
import {useCallback, useEffect} from 'react';
import {
	BusyLine,
	Confirmation,
	KeyHints,
	useKeyBindings,
	useOnRevision,
	useSyncReducer,
	useTask,
	type KeyBinding,
} from '../../kit/index.js';
import type {StepViewProps} from '../types.js';
import {initialVerifyState, isSlower, verifyReducer, type VerifyAction} from './use-verify-state.js';
import {outcomeLines} from './verify-lines.js';

type Command = VerifyAction | 'next' | 'start' | 'save';

const READY_KEYS: Array<KeyBinding<Command>> = [
	{keys: ['m'], action: 'start', hint: 'measure'},
	{keys: ['+', 'right'], action: {type: 'runs', by: 1}, hint: 'more runs'},
	{keys: ['-', 'left'], action: {type: 'runs', by: -1}, hint: 'fewer runs'},
	{keys: ['s'], action: 'save', hint: 'save report'},
	{keys: ['return'], action: 'next', hint: 'finish'},
];
const DONE_KEYS: Array<KeyBinding<Command>> = [
	{keys: ['m'], action: 'start', hint: 'measure again'},
	{keys: ['u'], action: {type: 'offer-rollback'}, hint: 'roll back'},
	{keys: ['s'], action: 'save', hint: 'save report'},
	{keys: ['return'], action: 'next', hint: 'finish'},
];

/** Verify step: real builds of the chosen project (else the demo) streamed into the panels, before/after, report. */
export function VerifyStep({services, theme, isActive, width, onNext, record, revision}: StepViewProps) {
	const svc = services.verify;
	const [state, dispatch] = useSyncReducer(verifyReducer, () => initialVerifyState);
	const {phase} = state;

	// Read again whenever the journal changes underneath (REVISION: an undo in the rollback log, another gotune), so the
	// before/after line names the change sets still applied.
	useEffect(() => {
		let live = true;
		svc.changeSetsThisRun().then(
			ids => live && dispatch({type: 'change-sets', ids}),
			() => undefined,
		);
		return () => {
			live = false;
		};
	}, [svc, dispatch, revision]);
	useOnRevision(
		revision,
		useCallback(() => dispatch({type: 'changed-underneath'}), [dispatch]),
	);

	const forward = useCallback(
		(message: Parameters<typeof dispatch>[0]) => {
			if (typeof message === 'object' && message.type === 'task-event') record(message.event);
			dispatch(message);
		},
		[record, dispatch],
	);
	useTask('measure', svc.measure, phase.kind === 'measuring' ? phase.input : undefined, forward, {cancelOnEscape: isActive});

	const rollingBack = phase.kind === 'rolling-back' ? phase.outcome : undefined;
	useEffect(() => {
		if (!rollingBack) return;
		svc.rollback(rollingBack.changeSets).then(
			entries => dispatch({type: 'rolled-back', entries}),
			(error: Error) => dispatch({type: 'rollback-failed', message: error.message}),
		);
	}, [rollingBack, svc, dispatch]);
	const saving = state.saving;
	useEffect(() => {
		if (!saving) return;
		svc.saveReport().then(
			file => dispatch({type: 'saved', file}),
			(error: Error) => dispatch({type: 'save-failed', message: error.message}),
		);
	}, [saving, svc, dispatch]);

	const onKey = useCallback(
		(command: Command) => {
			if (command === 'next') onNext();
			else if (command === 'start') dispatch({type: 'start', at: Date.now(), ...(chosenDir(services) ? {dir: chosenDir(services)} : {})});
			else if (command === 'save') dispatch({type: 'save'});
			else dispatch(command);
		},
		[onNext, dispatch, services],
	);
	const doneKeys = phase.kind === 'done' && isSlower(phase.outcome) ? DONE_KEYS : DONE_KEYS.filter(k => k.hint !== 'roll back');
	useKeyBindings(READY_KEYS, onKey, {isActive: isActive && (phase.kind === 'ready' || phase.kind === 'failed')});
	useKeyBindings(doneKeys, onKey, {isActive: isActive && phase.kind === 'done'});

	const chosen = services.module.chosen();
	const project =
		chosen === undefined
			? "the current module, else gotune's demo module"
			: `${chosen.dir}${chosen.kind === 'demo' ? " (gotune's demo module)" : ''}`;
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="wrap">
				Verify{theme.separator}
				{project}
			</Text>
			{phase.kind === 'ready' || phase.kind === 'failed' ? (
				<Box flexDirection="column">
					<Text wrap="wrap">
						Cold (empty cache beside GOCACHE), warm and incremental builds of a temporary copy, {state.runs} run
						{state.runs === 1 ? '' : 's'} of each; your own cache and tree are not touched.
					</Text>
					{state.changeSets.length > 0 ? (
						<Text wrap="wrap">
							Before/after: this run applied change set{state.changeSets.length === 1 ? '' : 's'} #{state.changeSets.join(', #')}; the
							settings from before {state.changeSets.length === 1 ? 'it' : 'them'} are measured side by side (A B A B).
						</Text>
					) : null}
					{phase.kind === 'failed' ? (
						<Text color="red" wrap="wrap">
							Measurement failed: {phase.message}
						</Text>
					) : null}
				</Box>
			) : null}
			{phase.kind === 'measuring' ? (
				<BusyLine
					what={`Measuring${phase.current ? `: ${phase.current}` : ''} (the panels show each build) · Esc cancels`}
					theme={theme}
					waitingFor="go build"
				/>
			) : null}
			{phase.kind === 'done' || phase.kind === 'confirm-rollback' || phase.kind === 'rolling-back'
				? outcomeLines(phase.outcome).map((line, i) => (
						<Text key={i} wrap="wrap" color={line.startsWith('The settings from this run are measurably slower') ? 'yellow' : undefined}>
							{line}
						</Text>
					))
				: null}
			{phase.kind === 'confirm-rollback' ? (
				<Confirmation
					question={`Roll back change set${phase.outcome.changeSets.length === 1 ? '' : 's'} #${phase.outcome.changeSets.join(', #')} (the journal restores the previous values)?`}
					theme={theme}
					isActive={isActive}
					onAnswer={yes => dispatch({type: 'confirm-rollback', yes})}
					yes="roll back"
					no="keep"
					color="yellow"
				/>
			) : null}
			{phase.kind === 'rolling-back' ? <BusyLine what="Rolling back through the journal" theme={theme} /> : null}
			{state.notes.map((note, i) => (
				<Text key={i} wrap="wrap" dimColor>
					{note}
				</Text>
			))}
			{state.saving ? <Text dimColor>Saving the report…</Text> : null}
			{phase.kind === 'ready' || phase.kind === 'failed' ? <KeyHints bindings={READY_KEYS} theme={theme} wrap="wrap" /> : null}
			{phase.kind === 'done' ? <KeyHints bindings={doneKeys} theme={theme} wrap="wrap" /> : null}
		</Box>
	);
}

function chosenDir(services: StepViewProps['services']): string | undefined {
	// The module the Module step chose, or the demo it offered; nothing chosen: the current module, else the demo.
	return services.module.chosen()?.dir;
}
