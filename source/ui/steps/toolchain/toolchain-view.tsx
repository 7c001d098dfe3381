import {Box, Text} from 'ink';
import {useCallback, useEffect, useMemo} from 'react';
import {ScrollView} from '../../components/scroll-view.js';
import {BusyLine, KeyHints, keyHintRows, useOnRevision} from '../../kit/index.js';
import {useStep} from '../../kit/use-step.js';
import {STATUS_COLOR} from '../../theme.js';
import type {StepViewProps} from '../types.js';
import {toolchainLines} from './toolchain-lines.js';
import {InstallPanel} from './install-view.js';
import {SwitchPanel} from './switch-view.js';
import {switchChoices} from './switch-model.js';
import {initialToolchainState, isLoading, offerReason, toolchainBindings, toolchainModel, type ToolchainTasks} from './model.js';

/** Which go runs, what it hides, and where every tracked setting comes from; install Go and switch go as sub-screens. */
export function ToolchainStep({
	services,
	theme,
	isActive,
	width,
	height,
	onNext,
	setPending,
	captureKeys,
	claimEscape,
	revision = 0,
}: StepViewProps) {
	const {toolchain, install, switching} = services;
	// The behaviour is model.ts (pure); useStep runs its tasks, keys, pending changes, key and Esc capture and onNext.
	const tasks = useMemo<ToolchainTasks>(
		() => ({
			check: ({revision}) => toolchain.check(revision),
			refresh: () => toolchain.refreshReleases(),
			recheck: ({table, revision}) => toolchain.recheck(table, revision),
			requirement: () => install.requirement(),
			'install-releases': (_input, context) => install.releases(undefined, context),
			'install-plan': (input, context) => install.plan(input, context),
			'install-run': (plan, context) => install.run(plan, context),
			switch: (work, context) => switching.run(work, context),
		}),
		[toolchain, install, switching],
	);
	const {state, dispatch, bindings} = useStep(
		toolchainModel,
		tasks,
		// Findings the service kept of this revision show at once; older ones are checked again first.
		() => initialToolchainState(toolchain.latest(revision), revision),
		{isActive, onNext, setPending, captureKeys, claimEscape},
	);
	// A change underneath (a team profile applied, go env -w elsewhere, an undo): the findings are checked again.
	useOnRevision(
		revision,
		useCallback(() => dispatch({type: 'changed-underneath', revision}), [dispatch, revision]),
	);

	const lines = useMemo(() => (state.findings ? toolchainLines(state.findings, width, theme) : []), [state.findings, width, theme]);
	// Title row + the key line below the findings; a short box (40×12) drops the title for another row of findings.
	const showTitle = height >= 6;
	const {install: installing, switcher} = state;
	// The key line wraps between hints at the width (never cut at the border): it may take more than one row. It gains
	// the scroll keys only while the findings overflow their rows, and its rows decide that: counted without them
	// first, so the choice never feeds back into itself (counting the model's current keys re-rendered without end).
	// The sub-screens and the busy line draw their own keys in the rows above one reserved row.
	const hintRowsOf = (overflows: boolean) =>
		isLoading(state) || installing || switcher
			? 1
			: keyHintRows(toolchainBindings({...state, rows: overflows ? {total: 1, height: 0} : {total: 0, height: 0}}), theme, width).length;
	const rowsFor = (hintRows: number) => Math.max(1, height - (showTitle ? 1 : 0) - hintRows);
	const fitting = rowsFor(hintRowsOf(false));
	const viewHeight = lines.length <= fitting ? fitting : rowsFor(Math.max(hintRowsOf(false), hintRowsOf(true)));
	// The model clamps scrolling to the rows shown: it is told when they change.
	useEffect(() => {
		dispatch({type: 'layout', total: lines.length, height: viewHeight});
	}, [dispatch, lines.length, viewHeight]);

	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{showTitle ? (
				<Text bold wrap="truncate-end">
					Toolchain{theme.separator}which go runs and where its settings come from
				</Text>
			) : null}
			{installing ? (
				<InstallPanel
					install={installing}
					reason={offerReason(state)}
					bindings={bindings}
					theme={theme}
					width={width}
					height={viewHeight}
					isActive={isActive}
				/>
			) : switcher ? (
				<SwitchPanel
					ui={switcher}
					choices={switchChoices(state.findings?.discovery)}
					winner={state.findings?.discovery.winner}
					theme={theme}
					width={width}
					height={viewHeight}
					isActive={isActive}
					bindings={bindings}
				/>
			) : isLoading(state) ? (
				<BusyLine what="Looking for go commands and reading go env" waitingFor="go version and go env to answer" theme={theme} />
			) : state.findings === undefined ? (
				<Box flexDirection="column">
					<Text color={STATUS_COLOR.error} wrap="wrap">
						{theme.status.error} The toolchain checks could not run: {state.failed}
					</Text>
					<Text dimColor wrap="truncate-end">
						gotune doctor runs the same checks outside the wizard.
					</Text>
				</Box>
			) : (
				<ScrollView lines={lines} offset={state.offset} height={viewHeight} theme={theme} />
			)}
			{isLoading(state) || installing || switcher ? null : <KeyHints bindings={bindings} theme={theme} width={width} />}
		</Box>
	);
}
