import {Box, Text} from 'ink';
import {useCallback, useEffect, useMemo, type ReactNode} from 'react';
import {wrap} from '../../../text/wrap.js';
import {ScrollView} from '../../components/scroll-view.js';
import {BusyLine, Confirmation, KeyHints, SelectList, TextField, useOnRevision, type Line} from '../../kit/index.js';
import {useStep} from '../../kit/use-step.js';
import type {StepViewProps} from '../types.js';
import {busyText, confirmQuestion, infoLines, verdictLines} from './module-lines.js';
import {choicesFor, initialModuleState, moduleModel, type ModuleTasks} from './model.js';

/** Module step: what module is here and whether this go can build it; else create one (validated live) or use the demo. */
export function ModuleStep({services, theme, isActive, width, height, onNext, setPending, captureKeys, revision}: StepViewProps) {
	const module = services.module;
	// The behaviour is model.ts (pure); useStep runs its tasks, keys, pending change, key capture and onNext.
	const model = useMemo(() => moduleModel(module.validate), [module]);
	const tasks = useMemo<ModuleTasks>(
		() => ({
			check: () => module.check(),
			plan: ({modulePath}) => module.plan(modulePath),
			create: plan => module.create(plan.modulePath, plan.nesting !== undefined),
			tidy: () => module.tidy(),
			recheck: () => module.check(true),
		}),
		[module],
	);
	const {state, dispatch, bindings} = useStep(model, tasks, () => initialModuleState, {isActive, onNext, setPending, captureKeys});
	const {phase, snapshot} = state;
	// A change underneath (an undo in the rollback log, go.mod removed): look again, staying where the user is.
	useOnRevision(
		revision,
		useCallback(() => dispatch({type: 'changed-underneath'}), [dispatch]),
	);
	useEffect(() => {
		if (phase.kind === 'demo') module.choose({kind: 'demo', dir: phase.dir});
	}, [phase, module]);

	const verdict = useMemo(() => module.validate(state.field.value, snapshot?.tags ?? []), [module, state.field.value, snapshot]);
	const choices = choicesFor(snapshot);
	const what = busyText(phase);
	// Rows: the title, the body, the hint row; every body row is pre-wrapped to the width, so nothing overlaps the border.
	const body = Math.max(0, height - 2);
	let main: ReactNode = null;
	let info: Line[] = infoLines(phase, snapshot, width, theme);
	let infoRows = body;
	if (what) {
		main = <BusyLine what={what} theme={theme} />;
		infoRows = 0;
	} else if (phase.kind === 'menu') {
		// The menu comes first: its pointer stays visible however short the box; the findings take what is left.
		const menuRows = Math.min(body, choices.length);
		infoRows = body - menuRows;
		main = <SelectList items={choices} selected={state.selected} theme={theme} height={menuRows} width={width} />;
	} else if (phase.kind === 'edit') {
		infoRows = Math.max(0, body - 1);
		info = [
			...info,
			// Where the pre-filled path came from, while it is still the path in the field.
			...verdictLines(
				verdict,
				phase.goRefusal,
				snapshot?.suggestion && state.field.value.trim() === snapshot.suggestion.path
					? `Suggested ${snapshot.suggestion.detail}`
					: undefined,
				width,
				theme,
			),
		];
		main = (
			<Text wrap="truncate-start">
				<Text bold>Module path: </Text>
				<TextField value={state.field.value} cursor={state.field.cursor} focus={isActive} placeholder="example.com/you/project" />
			</Text>
		);
	} else if (phase.kind === 'confirm') {
		const question = confirmQuestion(phase.plan);
		const questionRows = wrap(`${question} [y/N]`, width, '').length;
		infoRows = Math.max(0, body - questionRows - 1);
		main = (
			<Confirmation
				question={question}
				theme={theme}
				isActive={false}
				onAnswer={() => undefined}
				yes="create go.mod"
				no="change the path"
			/>
		);
	}
	const shownInfo = Math.min(infoRows, info.length);
	// The model owns the scroll offset and PgUp/PgDn; it learns the window from the layout here.
	useEffect(() => {
		dispatch({type: 'info-window', total: info.length, height: shownInfo});
	}, [dispatch, info.length, shownInfo]);
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text bold wrap="truncate-end">
				Module{theme.separator}go.mod, go.work and the module path
			</Text>
			{phase.kind === 'edit' ? main : null}
			{shownInfo > 0 ? <ScrollView lines={info} offset={state.scroll} height={shownInfo} theme={theme} /> : null}
			{phase.kind === 'edit' ? null : main}
			{phase.kind === 'confirm' ? null : (
				<KeyHints bindings={bindings} theme={theme} prefix={phase.kind === 'edit' ? 'Type the module path' : undefined} />
			)}
		</Box>
	);
}
