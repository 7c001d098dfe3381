import {Box, Text, useApp} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {Footer} from './components/footer.js';
import {Header, headerHeight} from './components/header.js';
import {TeamProfileOnboarding} from './onboarding/team-profile.js';
import {PanelArea} from './components/panel-area.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
// Kit modules by file, not the index: the index pulls in BusyLine (ink-spinner: 31 KB of spinners) before the first frame.
import {useKeys} from './kit/use-keys.js';
import {useSyncReducer} from './kit/use-sync-reducer.js';
import {Viewport} from './kit/viewport.js';
import {computeLayout, MIN_COLUMNS, MIN_ROWS} from './layout.js';
import type {MeasurementEvent} from './measurements.js';
import {PANELS, type PanelDefinition} from './panels/index.js';
import type {Services} from './services.js';
import {initialShellState, pendingChanges, shellReducer} from './state/shell-state.js';
import {STEPS, type PendingChange, type StepDefinition} from './steps/index.js';
import {themeFor} from './theme.js';
import {TroubleshootView} from './troubleshoot/troubleshoot-view.js';

/** 130 = 128 + SIGINT, what a shell reports for a command stopped with Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

export type AppProps = {
	services: Services;
	ascii: boolean;
	sandbox?: string;
	/** Called once with the process exit code just before the app unmounts. */
	onExit: (code: number) => void;
	/** Injected by tests; the registries otherwise. */
	steps?: StepDefinition[];
	panels?: PanelDefinition[];
};

export function App({services, ascii, sandbox, onExit, steps = STEPS, panels = PANELS}: AppProps) {
	const {exit} = useApp();
	const theme = themeFor(ascii);
	const reducer = useMemo(() => shellReducer(steps.length, panels.length), [steps.length, panels.length]);
	// Keys of one read are handled one by one; `latest` is the state the previous key left ("qy" asks, then answers).
	const [state, dispatch, latest] = useSyncReducer(reducer, initialShellState);
	const {columns, rows} = useTerminalSize();
	const layout = computeLayout(columns, rows, headerHeight(sandbox), panels.length, {panelFocused: state.focus.kind === 'panel'});
	const pending = pendingChanges(state);
	const step = steps[state.step]!;
	// A team's gotune.json, when there is one, comes first: a new member's settings in one screen (issue 3).
	// Without one the onboarding ends as soon as the lookup answers.
	const [onboarding, setOnboarding] = useState(true);
	const endOnboarding = useCallback(() => setOnboarding(false), []);
	// `!` from any step: the Troubleshoot screen over the step, which stays mounted (and keeps its state) underneath.
	// It owns every key but Ctrl-C while open; the ref answers for keys of the same read as the `!`.
	const [troubleshoot, setTroubleshoot] = useState(false);
	const troubleshootOpen = useRef(false);
	const closeTroubleshoot = useCallback(() => {
		troubleshootOpen.current = false;
		setTroubleshoot(false);
	}, []);
	// Start the toolchain checks right after the first frame even when onboarding comes first, so the findings are
	// usually ready when the step shows. The service keeps the result; the step's own call gets the same one.
	useEffect(() => {
		services.toolchain.check().catch(() => undefined);
	}, [services]);
	// The steps' views load after the first frame (steps/index.ts), the current one first, so the next step is there
	// by the time the user asks for it.
	useEffect(() => {
		void steps[0]?.preload?.(services).then(() => Promise.all(steps.map(s => s.preload?.(services))));
	}, [steps, services]);
	// The panel chosen last time is the one the tab row shows first (read after the first frame).
	useEffect(() => {
		let live = true;
		void services.preferences.lastPanel().then(id => {
			const index = panels.findIndex(panel => panel.id === id);
			if (live && index >= 0) dispatch({type: 'show-panel', index});
		});
		return () => {
			live = false;
		};
	}, [services, panels, dispatch]);
	// Choosing a panel (Tab to it) is remembered for the next run.
	const chosenPanel = state.focus.kind === 'panel' ? panels[state.focus.index]?.id : undefined;
	useEffect(() => {
		if (chosenPanel !== undefined) services.preferences.setLastPanel(chosenPanel);
	}, [chosenPanel, services]);

	// Exit once: a second key in the same read ("yy" at the quit question) must not call onExit again.
	const quitting = useRef(false);
	const quit = useCallback(
		(code: number) => {
			if (quitting.current) return;
			quitting.current = true;
			onExit(code);
			exit();
		},
		[onExit, exit],
	);

	useKeys((input, key) => {
		// Ctrl-C always wins, even over a text field or the quit prompt (exitOnCtrlC is off so the code can be 130).
		if (key.ctrl && input === 'c') return quit(EXIT_INTERRUPTED);
		const current = latest();
		if (current.confirmingQuit) {
			if (input === 'y' || input === 'Y') quit(0);
			else if (input === 'n' || input === 'N' || key.escape || key.return) dispatch({type: 'cancel-quit'});
			return;
		}
		if (current.keysCaptured || troubleshootOpen.current) return;
		if (input === '!' && current.focus.kind === 'step') {
			troubleshootOpen.current = true;
			setTroubleshoot(true);
		} else if (input === 'q') {
			if (pendingChanges(current).length > 0) dispatch({type: 'ask-quit'});
			else quit(0);
		} else if (key.tab) {
			dispatch({type: 'tab', reverse: key.shift});
		} else if (key.escape) {
			// A step's sub-screen handles its own Esc (back to the step's main view).
			if (current.focus.kind === 'step' && current.escapeClaimed) return;
			dispatch(current.focus.kind === 'panel' ? {type: 'focus-step'} : {type: 'back'});
		}
	});

	const stepId = step.id;
	const stepIndex = state.step;
	// `from`: a second Enter that reaches the same step view before it is replaced does not skip the next step.
	// On the last step "Enter finish" ends the wizard like q: exit 0, or the quit question when changes are staged.
	const lastStep = stepIndex === steps.length - 1;
	const onNext = useCallback(() => {
		const current = latest();
		if (!lastStep || current.step !== stepIndex) dispatch({type: 'next', from: stepIndex});
		else if (pendingChanges(current).length > 0) dispatch({type: 'ask-quit'});
		else quit(0);
	}, [dispatch, stepIndex, lastStep, latest, quit]);
	const setPending = useCallback((changes: PendingChange[]) => dispatch({type: 'set-pending', stepId, changes}), [dispatch, stepId]);
	const captureKeys = useCallback((capture: boolean) => dispatch({type: 'capture-keys', capture}), [dispatch]);
	const claimEscape = useCallback((claim: boolean) => dispatch({type: 'claim-escape', claim}), [dispatch]);
	const record = useCallback((event: MeasurementEvent) => dispatch({type: 'record', event}), [dispatch]);

	// Too small a terminal: the views stay mounted (nothing is lost) but hidden, and get no keys; Ctrl-C still exits.
	const stepHasKeys = state.focus.kind === 'step' && !state.confirmingQuit && !layout.tooSmall;
	// What the step's view and the team-profile onboarding both get: the services, the theme, keys and their box.
	const viewProps = {
		services,
		theme,
		isActive: stepHasKeys && !troubleshoot,
		width: layout.stepInner.width,
		height: layout.stepInner.height,
	};
	const stepBox = (
		<Box
			flexDirection="column"
			width={layout.stepBox.width}
			height={layout.stepBox.height}
			paddingX={1}
			borderStyle={stepHasKeys ? theme.focusBorder : theme.border}
			borderColor={stepHasKeys ? 'cyan' : 'gray'}
		>
			{/* The view's content at its natural height, clipped to the box with a "↓ N more" row: never over the border. */}
			<Viewport height={layout.stepInner.height} width={layout.stepInner.width} theme={theme} isActive={stepHasKeys}>
				{troubleshoot ? <TroubleshootView {...viewProps} isActive={stepHasKeys} onClose={closeTroubleshoot} /> : null}
				<Box flexDirection="column" display={troubleshoot ? 'none' : 'flex'}>
					{onboarding ? (
						<TeamProfileOnboarding {...viewProps} onDone={endOnboarding} />
					) : (
						<step.View
							key={step.id}
							{...viewProps}
							onNext={onNext}
							setPending={setPending}
							captureKeys={captureKeys}
							claimEscape={claimEscape}
							record={record}
						/>
					)}
				</Box>
			</Viewport>
		</Box>
	);
	const panelArea = (
		<PanelArea
			panels={panels}
			layout={layout}
			focus={state.focus}
			shownPanel={state.shownPanel}
			services={services}
			measurements={state.measurements}
			theme={theme}
			keysEnabled={!state.confirmingQuit && !layout.tooSmall}
			captureKeys={captureKeys}
		/>
	);
	return (
		<Box flexDirection="column" width={columns}>
			{layout.tooSmall ? (
				<Text wrap="truncate-end">
					{`Terminal too small (${columns}x${rows}): gotune needs ${MIN_COLUMNS}x${MIN_ROWS}. Enlarge it, or Ctrl-C to exit.`.slice(
						0,
						columns,
					)}
				</Text>
			) : null}
			<Box flexDirection="column" display={layout.tooSmall ? 'none' : 'flex'}>
				<Header titles={steps.map(s => s.title)} current={state.step} theme={theme} sandbox={sandbox} />
				<Box flexDirection={layout.wide ? 'row' : 'column'}>
					{stepBox}
					{panelArea}
				</Box>
				<Footer
					theme={theme}
					focus={state.focus}
					confirmingQuit={state.confirmingQuit}
					pending={pending}
					keysCaptured={state.keysCaptured || troubleshoot}
					canGoBack={state.step > 0 && !state.escapeClaimed}
				/>
			</Box>
		</Box>
	);
}
