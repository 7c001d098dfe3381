import {Box, Text} from 'ink';
import {useCallback, useEffect, useMemo, type ReactNode} from 'react';
import {wrap} from '../../../text/wrap.js';
import {ScrollView} from '../../components/scroll-view.js';
import {BusyLine, Confirmation, KeyHints, keyHintRows, SelectList, TextField, useOnRevision, type Line} from '../../kit/index.js';
import {useStep} from '../../kit/use-step.js';
import type {StepViewProps} from '../types.js';
import {moduleBindings} from './module-keys.js';
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
	// Rows: the title, the body, the key line; every body row is pre-wrapped to the width, so nothing overlaps the border.
	// The key line wraps between hints at the width (never cut at the border): it may take more than one row.
	const hintPrefix = phase.kind === 'edit' ? 'Type the module path' : undefined;
	let main: ReactNode = null;
	let info: Line[] = infoLines(phase, snapshot, width, theme);
	// The rows the findings get in a body of BODY rows, under or over the phase's own.
	let infoRoom = (body: number) => body;
	if (what) {
		main = <BusyLine what={what} theme={theme} />;
		infoRoom = () => 0;
	} else if (phase.kind === 'menu') {
		// The menu comes first: its pointer stays visible however short the box; the findings take what is left.
		infoRoom = body => body - Math.min(body, choices.length);
	} else if (phase.kind === 'edit') {
		infoRoom = body => Math.max(0, body - 1);
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
		infoRoom = body => Math.max(0, body - questionRows - 1);
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
	const {infoRows, hintRows} = moduleLayout(height, info.length, infoRoom, scrolls =>
		// The y/N question draws its own keys; its row stays reserved as before.
		phase.kind === 'confirm' ? 1 : keyHintRows(moduleBindings(phase, scrolls), theme, width, {prefix: hintPrefix}).length,
	);
	if (phase.kind === 'menu') {
		const menuRows = Math.min(Math.max(0, height - 1 - hintRows), choices.length);
		main = <SelectList items={choices} selected={state.selected} theme={theme} height={menuRows} width={width} />;
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
			{phase.kind === 'confirm' ? null : <KeyHints bindings={bindings} theme={theme} prefix={hintPrefix} width={width} />}
		</Box>
	);
}

/**
 * The rows of the findings and of the key line in a box of HEIGHT rows (the title takes one). The key line gains
 * PgUp/PgDn only while the findings overflow rows they have (model.ts infoScrolls), and the rows it takes decide
 * that: counted here from the findings without the scroll keys first, so the choice never feeds back into itself (a
 * count of the model's current keys re-rendered without end at some small sizes).
 */
function moduleLayout(height: number, total: number, infoRoom: (body: number) => number, hintRowsOf: (scrolls: boolean) => number) {
	const plain = hintRowsOf(false);
	const fits = infoRoom(Math.max(0, height - 1 - plain));
	if (total <= fits || fits === 0) return {infoRows: fits, hintRows: plain};
	const scrolling = Math.max(plain, hintRowsOf(true));
	const infoRows = infoRoom(Math.max(0, height - 1 - scrolling));
	// No row left for the findings beside the longer key line: they are left out rather than shown with keys cut off.
	return infoRows > 0 ? {infoRows, hintRows: scrolling} : {infoRows: 0, hintRows: plain};
}
