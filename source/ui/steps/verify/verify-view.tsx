import {Box, Text} from 'ink';
import {useCallback, useMemo} from 'react';
import {BusyLine, Confirmation, KeyHints, useOnRevision, WrappedText} from '../../kit/index.js';
import {useStep} from '../../kit/use-step.js';
import type {StepViewProps} from '../types.js';
import {initialVerifyState, verifyModel, type VerifyTasks} from './model.js';
import {outcomeLines, wrapOutcomeLine} from './verify-lines.js';

/** Verify step: real builds of the chosen project (else the demo) streamed into the panels, before/after, report. */
export function VerifyStep({services, theme, isActive, width, onNext, record, revision}: StepViewProps) {
	const svc = services.verify;
	const tasks = useMemo<VerifyTasks>(
		() => ({
			changeSets: () => svc.changeSetsThisRun(),
			// Each build's events also feed the panels (while the measurement is not cancelled).
			measure: (input, context) =>
				svc.measure(withChosenDir(input, services), {
					...context,
					emit: event => {
						if (!context.signal.aborted) record(event);
						context.emit(event);
					},
				}),
			rollback: ids => svc.rollback(ids),
			save: () => svc.saveReport(),
		}),
		[svc, services, record],
	);
	const {state, dispatch, bindings} = useStep(verifyModel, tasks, () => initialVerifyState, {isActive, onNext});
	const {phase} = state;

	// A change underneath (an undo in the rollback log, another gotune, go env -w): the model reads this run's change
	// sets again and marks a result on screen as measured before it.
	useOnRevision(
		revision,
		useCallback(() => dispatch({type: 'changed-underneath'}), [dispatch]),
	);

	const chosen = services.module.chosen();
	const project =
		chosen === undefined
			? "the current module, else gotune's demo module"
			: `${chosen.dir}${chosen.kind === 'demo' ? " (gotune's demo module)" : ''}`;
	return (
		<Box flexDirection="column" width={width}>
			<WrappedText text={`Verify${theme.separator}${project}`} bold width={width} />
			{phase.kind === 'ready' || phase.kind === 'failed' ? (
				<Box flexDirection="column">
					<WrappedText
						text={`Cold (empty cache beside GOCACHE), warm and incremental builds of a temporary copy, ${state.runs} run${state.runs === 1 ? '' : 's'} of each; your own cache and tree are not touched.`}
						width={width}
					/>
					{state.changeSets.length > 0 ? (
						<WrappedText
							text={`Before/after: this run applied change set${state.changeSets.length === 1 ? '' : 's'} #${state.changeSets.join(', #')}; the settings from before ${state.changeSets.length === 1 ? 'it' : 'them'} are measured side by side (A B A B).`}
							width={width}
						/>
					) : null}
					{phase.kind === 'failed' ? <WrappedText text={`Measurement failed: ${phase.message}`} color="red" width={width} /> : null}
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
				? outcomeLines(phase.outcome)
						.flatMap(line => wrapOutcomeLine(line, width))
						.map((line, i) => (
							<Text
								key={i}
								wrap="truncate-end"
								color={line.startsWith('The settings from this run are measurably slower') ? 'yellow' : undefined}
							>
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
				<WrappedText key={i} text={note} dim width={width} />
			))}
			{state.saving ? <Text dimColor>Saving the report…</Text> : null}
			{phase.kind === 'ready' || phase.kind === 'failed' || phase.kind === 'done' ? (
				<KeyHints bindings={bindings} theme={theme} width={width} />
			) : null}
		</Box>
	);
}

/** The module the Module step chose, or the demo it offered; nothing chosen: the current module, else the demo. */
function withChosenDir<Input extends {dir?: string}>(input: Input, services: StepViewProps['services']): Input {
	const dir = input.dir ?? services.module.chosen()?.dir;
	return dir ? {...input, dir} : input;
}
