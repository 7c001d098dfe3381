import {Box, Text, useApp} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {Footer} from './components/footer.js';
import {Header, headerHeight} from './components/header.js';
import {HelpOverlay} from './components/help-overlay.js';
import {FinishScreen} from './finish/finish-screen.js';
import {TeamProfileOnboarding} from './onboarding/team-profile.js';
import {PanelArea} from './components/panel-area.js';
import {usePanelsEmpty} from './hooks/use-panels-empty.js';
import {useSettingsRevision} from './hooks/use-settings-revision.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
// Kit modules by file, not the index: the index pulls in BusyLine (ink-spinner: 31 KB of spinners) before the first frame.
import {hintEntries, matchBinding} from './kit/bindings.js';
import {HintRegistryProvider, registeredHints, type HintRegistry} from './kit/hint-registry.js';
import {useKeys} from './kit/use-keys.js';
import {useSyncReducer} from './kit/use-sync-reducer.js';
import {Viewport} from './kit/viewport.js';
import {computeLayout, MIN_COLUMNS, MIN_ROWS} from './layout.js';
import type {MeasurementEvent} from './measurements.js';
import {PANELS, type PanelDefinition} from './panels/index.js';
import type {Services} from './services.js';
import {shellBindings} from './state/shell-keys.js';
import {initialShellState, pendingChanges, shellReducer, type ShellState} from './state/shell-state.js';
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
	const emptyPanels = usePanelsEmpty(services, state.measurements, panels);
	const layout = computeLayout(columns, rows, headerHeight(sandbox), panels.length, {
		panelFocused: state.focus.kind === 'panel',
		empty: emptyPanels,
	});
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
	// A restart offers the step the last run stopped at (r), once the onboarding is over. From then on the step shown is
	// remembered, the first one too (quitting on step 1 after a run that stopped at step 4 leaves nothing to resume),
	// and reaching the finish screen forgets it. Nothing is written before the last run's step is read: it would be lost.
	const [lastRunRead, setLastRunRead] = useState(false);
	useEffect(() => {
		if (onboarding) return;
		let live = true;
		const offer = (id: string | undefined) => {
			if (!live) return;
			const index = steps.findIndex(s => s.id === id);
			if (index > 0) dispatch({type: 'offer-resume', step: index});
			setLastRunRead(true);
		};
		void services.preferences.lastStep().then(offer, () => offer(undefined));
		return () => {
			live = false;
		};
	}, [onboarding, services, steps, dispatch]);
	const shownStep = state.finished ? undefined : steps[state.step]?.id;
	useEffect(() => {
		if (lastRunRead) services.preferences.setLastStep(shownStep);
	}, [lastRunRead, shownStep, services]);
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

	// Why a number key cannot show step TARGET now; undefined when it can.
	const whyNot = (current: ShellState, target: number): string | undefined => {
		if (onboarding) return 'The team profile comes first: apply or skip it, then move between steps.';
		const here = steps[current.step]!;
		if ((current.pending[here.id]?.length ?? 0) > 0)
			return `${here.title} has staged changes: apply or drop them before leaving it (q quits and drops them).`;
		const findings = services.toolchain.latest();
		if (target > 0 && findings !== undefined && findings.discovery.winner === undefined)
			return `${steps[target]!.title} needs a go command and none was found: install one from the Toolchain step first.`;
		return undefined;
	};

	// Goes up whenever the settings, the journal or go.mod change underneath (hooks/use-settings-revision.ts).
	const {revision, look} = useSettingsRevision(services);

	// The shell's keys are bindings (state/shell-keys.ts): this handler, the footer and the help overlay share them.
	useKeys((input, key) => {
		// A key is when someone may have just changed something (in this or another terminal): look at once.
		look();
		const current = latest();
		if (current.notice !== undefined) dispatch({type: 'notice', text: undefined});
		// The Troubleshoot screen owns every key but Ctrl-C while open (the ref answers for keys of the same read as `!`).
		const action = matchBinding(
			shellBindings({...current, keysCaptured: current.keysCaptured || troubleshootOpen.current}, steps.length),
			input,
			key,
		)?.action;
		switch (action?.type) {
			case undefined:
				return;
			// Ctrl-C always wins, even over a text field or the quit prompt (exitOnCtrlC is off so the code can be 130).
			case 'interrupt':
				return quit(EXIT_INTERRUPTED);
			case 'quit-answer':
				if (action.yes) quit(0);
				else dispatch({type: 'cancel-quit'});
				return;
			case 'quit':
				if (pendingChanges(current).length > 0) dispatch({type: 'ask-quit'});
				else quit(0);
				return;
			case 'tab':
				return dispatch({type: 'tab', reverse: action.reverse});
			// A step's sub-screen handles its own Esc (it claimed it: no binding here).
			case 'back':
				return dispatch(current.focus.kind === 'panel' ? {type: 'focus-step'} : {type: 'back'});
			case 'go-to': {
				if (action.step === current.step) return;
				const why = whyNot(current, action.step);
				return dispatch(why === undefined ? {type: 'go-to', step: action.step} : {type: 'notice', text: why});
			}
			case 'help':
				return dispatch({type: 'toggle-help'});
			case 'troubleshoot':
				troubleshootOpen.current = true;
				return setTroubleshoot(true);
		}
	});

	// The hint rows on screen register here; the help overlay lists them (kit/hint-registry.tsx).
	const [stepHints] = useState<HintRegistry>(() => new Map());
	const [panelHints] = useState<HintRegistry>(() => new Map());

	const stepId = step.id;
	const stepIndex = state.step;
	// `from`: a second Enter that reaches the same step view before it is replaced does not skip the next step.
	// On the last step "Enter finish" shows the finish screen; Enter there quits like q.
	const lastStep = stepIndex === steps.length - 1;
	const onNext = useCallback(() => {
		const current = latest();
		if (!lastStep || current.step !== stepIndex) dispatch({type: 'next', from: stepIndex});
		else dispatch({type: 'finish'});
	}, [dispatch, stepIndex, lastStep, latest]);
	const setPending = useCallback((changes: PendingChange[]) => dispatch({type: 'set-pending', stepId, changes}), [dispatch, stepId]);
	const captureKeys = useCallback((capture: boolean) => dispatch({type: 'capture-keys', capture}), [dispatch]);
	const claimEscape = useCallback((claim: boolean) => dispatch({type: 'claim-escape', claim}), [dispatch]);
	const record = useCallback((event: MeasurementEvent) => dispatch({type: 'record', event}), [dispatch]);

	// Too small a terminal: the views stay mounted (nothing is lost) but hidden, and get no keys; Ctrl-C still exits.
	const stepHasKeys = state.focus.kind === 'step' && !state.confirmingQuit && !state.help && !state.finished && !layout.tooSmall;
	// What the step's view and the team-profile onboarding both get: the services, the theme, keys and their box.
	const viewProps = {
		services,
		theme,
		isActive: stepHasKeys && !troubleshoot,
		width: layout.stepInner.width,
		height: layout.stepInner.height,
		revision,
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
			<Viewport
				height={layout.stepInner.height}
				width={layout.stepInner.width}
				theme={theme}
				isActive={stepHasKeys}
				screen={state.help ? 'help' : state.finished ? 'finish' : troubleshoot ? 'troubleshoot' : undefined}
			>
				{state.help ? (
					<HelpOverlay
						step={onboarding ? 'Team profile' : step.title}
						sections={[
							{title: onboarding ? 'Team profile' : `${step.title} step`, entries: registeredHints(stepHints)},
							{title: 'Panels (Tab to them)', entries: registeredHints(panelHints)},
							{title: 'Everywhere', entries: hintEntries(shellBindings({...state, help: false, keysCaptured: false}, steps.length), theme)},
						]}
						theme={theme}
						width={layout.stepInner.width}
					/>
				) : null}
				{state.finished && !state.help ? (
					<FinishScreen
						services={services}
						measurements={state.measurements}
						theme={theme}
						width={layout.stepInner.width}
						revision={revision}
					/>
				) : null}
				{troubleshoot && !state.help ? <TroubleshootView {...viewProps} isActive={stepHasKeys} onClose={closeTroubleshoot} /> : null}
				{/* Hidden, not unmounted, under the help overlay, the finish and Troubleshoot screens: nothing the step holds is lost. */}
				<Box flexDirection="column" display={state.help || state.finished || troubleshoot ? 'none' : 'flex'}>
					<HintRegistryProvider registry={stepHints}>
						{onboarding ? (
							<TeamProfileOnboarding {...viewProps} onDone={endOnboarding} captureKeys={captureKeys} />
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
					</HintRegistryProvider>
				</Box>
			</Viewport>
		</Box>
	);
	const panelArea = (
		<HintRegistryProvider registry={panelHints}>
			<PanelArea
				panels={panels}
				layout={layout}
				focus={state.focus}
				shownPanel={state.shownPanel}
				services={services}
				measurements={state.measurements}
				theme={theme}
				keysEnabled={!state.confirmingQuit && !state.help && !layout.tooSmall}
				captureKeys={captureKeys}
			/>
		</HintRegistryProvider>
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
				<Header
					titles={steps.map(s => s.title)}
					current={state.finished ? -1 : state.step}
					done={state.done}
					theme={theme}
					columns={columns}
					sandbox={sandbox}
				/>
				<Box flexDirection={layout.wide ? 'row' : 'column'}>
					{stepBox}
					{panelArea}
				</Box>
				<Footer
					theme={theme}
					bindings={shellBindings({...state, keysCaptured: state.keysCaptured || troubleshoot}, steps.length)}
					confirmingQuit={state.confirmingQuit}
					pending={pending}
					notice={state.notice}
					width={columns}
				/>
			</Box>
		</Box>
	);
}
