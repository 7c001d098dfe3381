import {Box, Text} from 'ink';
import {useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef} from 'react';
import type {ReleaseTable} from '../../../core/releases.js';
import {ScrollView} from '../../components/scroll-view.js';
import {BusyLine, KeyHints, useKeys, useOnRevision, useTask} from '../../kit/index.js';
import {STATUS_COLOR} from '../../theme.js';
import type {StepViewProps} from '../types.js';
import {toolchainLines} from './toolchain-lines.js';
import {InstallPanel} from './install-view.js';
import {SwitchPanel} from './switch-view.js';
import {SWITCH_TASK, switchChoices} from './switch-state.js';
import {installReason} from './install-state.js';
import type {InstallPlan} from '../../../core/install/install.js';
import {initialToolchainState, isLoading, toolchainBindings, toolchainReducer} from './use-toolchain-state.js';

/** Read-only: which go runs, what it hides, and where every tracked setting comes from. */
export function ToolchainStep({services, theme, isActive, width, height, onNext, captureKeys, revision}: StepViewProps) {
	const {toolchain, install, switching} = services;
	const [state, dispatch] = useReducer(toolchainReducer, toolchain, t => initialToolchainState(t.latest()));
	const {work} = state;
	// Effects start from state: the checks after the first frame, then the background refresh, then a recheck.
	useTask('check', () => toolchain.check(), work?.kind === 'check' ? work : undefined, dispatch);
	useTask('refresh', () => toolchain.refreshReleases(), work?.kind === 'refresh' ? work : undefined, dispatch);
	useTask('recheck', (w: {table?: ReleaseTable}) => toolchain.recheck(w.table), work?.kind === 'recheck' ? work : undefined, dispatch);
	// A change underneath (a team profile applied, go env -w elsewhere, an undo): the findings are checked again.
	useOnRevision(
		revision,
		useCallback(() => dispatch({type: 'changed-underneath'}), []),
	);
	useEffect(() => {
		if (state.next) onNext();
	}, [state.next, onNext]);
	// The install action: each phase's task starts from the input the reducer holds (install-state.ts).
	const phase = state.install;
	useTask(
		'install-releases',
		(_: object, context) => install.releases(undefined, context),
		phase?.phase === 'releases' ? phase.input : undefined,
		dispatch,
	);
	useTask('install-plan', install.plan, phase?.phase === 'planning' ? phase.input : undefined, dispatch);
	useTask(
		'install-run',
		(plan: InstallPlan, context) => install.run(plan, context),
		phase?.phase === 'installing' ? phase.plan : undefined,
		dispatch,
		{cancelOnEscape: isActive},
	);
	const switcher = state.switcher;
	useTask(SWITCH_TASK, switching.run, switcher?.phase === 'busy' ? switcher.work : undefined, dispatch);
	useEffect(() => {
		let live = true;
		install.requirement().then(
			minVersion => live && dispatch({type: 'requirement', minVersion: minVersion ?? null}),
			() => live && dispatch({type: 'requirement', minVersion: null}),
		);
		return () => {
			live = false;
		};
	}, [install]);
	// While the install action is open, Esc belongs to it (back, cancel), not to the shell.
	const open = phase !== undefined || switcher !== undefined;
	useEffect(() => {
		captureKeys(open && isActive);
	}, [open, isActive, captureKeys]);
	useEffect(() => () => captureKeys(false), [captureKeys]);

	const lines = useMemo(() => (state.findings ? toolchainLines(state.findings, width, theme) : []), [state.findings, width, theme]);
	// Title row + the hint row below the findings; a short box (40×12) drops the title for another row of findings.
	const showTitle = height >= 6;
	const viewHeight = Math.max(1, height - (showTitle ? 2 : 1));
	const rows = useRef({total: lines.length, height: viewHeight});
	// Key handlers run after the frame is committed: they see this render's rows.
	useLayoutEffect(() => {
		rows.current = {total: lines.length, height: viewHeight};
	});
	useKeys((input, key) => dispatch({type: 'key', input, key, rows: rows.current}), {isActive});
	const bindings = toolchainBindings(state, lines.length > viewHeight);

	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{showTitle ? (
				<Text bold wrap="truncate-end">
					Toolchain{theme.separator}which go runs and where its settings come from
				</Text>
			) : null}
			{phase ? (
				<InstallPanel
					install={phase}
					reason={installReason(state.findings, state.minVersion ?? undefined)}
					theme={theme}
					width={width}
					height={viewHeight}
					isActive={isActive}
					dispatch={dispatch}
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
					dispatch={dispatch}
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
			{isLoading(state) || phase || switcher ? null : <KeyHints bindings={bindings} theme={theme} />}
		</Box>
	);
}
