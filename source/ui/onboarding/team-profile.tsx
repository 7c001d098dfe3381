import {Box, Text} from 'ink';
import {useCallback, useEffect, useReducer, useRef, useState} from 'react';
import type {ChangeSet, PlannedChange, TargetState} from '../../core/journal/contract.js';
import {maskSecrets} from '../../core/mask.js';
import type {Profile} from '../../core/profile/profile.js';
import type {SettingProblem} from '../../core/profile/lint.js';
import {useKeys} from '../kit/use-keys.js';
import {useTask, type TaskMessage} from '../kit/use-task.js';
import type {Services} from '../services.js';
import type {GoRequirement} from '../../core/profile/go-requirement.js';
import type {AccessRow, AccessRowEvent, BuildOutcome, ToolRow} from '../services/team-profile.js';
import {AccessSection, BuildSection, GoSection, LintSection, type AccessView} from './sections.js';
import {STATUS_COLOR, type Theme} from '../theme.js';
import {ToolsSection} from './tools-section.js';

type Props = {
	services: Services;
	theme: Theme;
	isActive: boolean;
	width: number;
	height: number;
	/** The onboarding is over (applied, skipped, or there is no profile): show the steps. */
	onDone: () => void;
};

type State =
	| {kind: 'loading'}
	| {kind: 'problem'; title: string; message: string}
	| {kind: 'plan'; file: string; profile: Profile; problems: SettingProblem[]; plan: PlannedChange[]; chosen: string[]; cursor: number}
	| {kind: 'applying'; building: boolean}
	| {kind: 'applied'; changeSet: ChangeSet | undefined; file: string};

type Build = BuildOutcome | 'running' | {failed: string};

/** Private access per host, from the access task's events. */
function accessReducer(state: AccessView, message: TaskMessage<AccessRowEvent, AccessRow[]>): AccessView {
	if (message.type === 'task-event')
		return message.event.kind === 'hosts'
			? {...state, hosts: message.event.hosts}
			: {...state, results: {...state.results, [message.event.row.host]: message.event.row}};
	if (message.type === 'task-done')
		return {hosts: message.result.map(r => r.host), results: Object.fromEntries(message.result.map(r => [r.host, r]))};
	if (message.type === 'task-failed') return {...state, failed: message.message};
	return state;
}

const hasPrivatePatterns = (profile: Profile) => Boolean(profile.env['GOPRIVATE'] || profile.env['GONOPROXY']);

/**
 * A new team member's first screen: the team's gotune.json as a plan against their settings, all keys chosen, with
 * the Go version check, each key's reason, the profile's lint problems (errors block applying) and private access
 * per host (checked in the background). Space toggles the key under the cursor, `a` chooses all, Enter applies the
 * chosen keys through the journal as one change set and proves it with `go build ./...`, `s` skips.
 */
export function TeamProfileOnboarding({services, theme, isActive, width, height, onDone}: Props) {
	const team = services.teamProfile;
	// Keys can arrive faster than React re-renders (↓ then Space in one read): handlers use the ref, never a stale copy.
	const current = useRef<State>({kind: 'loading'});
	const [, rerender] = useReducer((n: number) => n + 1, 0);
	const setState = useCallback((next: State) => {
		current.current = next;
		rerender();
	}, []);

	// Found once; the background checks (Go version, private access) run from it.
	const [profile, setProfile] = useState<Profile | undefined>(undefined);
	const [goCheck, setGoCheck] = useState<GoRequirement[] | undefined>(undefined);
	// The profile's tools, found or not; t leaves out (or takes back) installing the missing ones.
	const [tools, setTools] = useState<ToolRow[] | undefined>(undefined);
	const installTools = useRef(true);
	const toolWords = () => (installTools.current ? (tools ?? []).filter(r => r.install).map(r => r.word) : []);
	const [access, dispatchAccess] = useReducer(accessReducer, {results: {}});
	useTask('access', team.access, profile && hasPrivatePatterns(profile) ? profile : undefined, dispatchAccess);
	const [buildDir, setBuildDir] = useState<string | undefined>(undefined);
	const [build, setBuild] = useState<Build | undefined>(undefined);
	// Enter while the build runs: go on once it has ended (its outcome is still drawn for that one frame and kept short).
	const continueAfterBuild = useRef(false);
	const onBuild = useCallback(
		(message: TaskMessage<never, BuildOutcome>) => {
			if (message.type === 'task-done') setBuild(message.result);
			else if (message.type === 'task-failed') setBuild({failed: message.message});
			if (continueAfterBuild.current && (message.type === 'task-done' || message.type === 'task-failed')) onDone();
		},
		[onDone],
	);
	useTask('build', team.build, buildDir, onBuild);
	const startBuild = useCallback((file: string) => {
		setBuild('running');
		setBuildDir(file);
	}, []);

	useEffect(() => {
		if (profile === undefined) return;
		let live = true;
		team.goCheck(profile).then(
			requirements => live && setGoCheck(requirements),
			() => live && setGoCheck([]),
		);
		team.tools(profile).then(
			rows => live && setTools(rows),
			() => live && setTools([]),
		);
		return () => {
			live = false;
		};
	}, [team, profile]);

	useEffect(() => {
		let live = true;
		void (async () => {
			const found = await team.find().catch((error: Error) => ({kind: 'invalid' as const, file: 'gotune.json', message: error.message}));
			if (!live) return;
			if (found.kind === 'none') return onDone();
			if (found.kind === 'invalid') return setState({kind: 'problem', title: 'The team profile cannot be used', message: found.message});
			setProfile(found.profile);
			try {
				const plan = await team.plan(found.profile);
				if (live)
					setState({
						kind: 'plan',
						file: found.file,
						profile: found.profile,
						problems: found.problems,
						plan,
						chosen: plan.filter(p => !p.unchanged).map(p => p.key),
						cursor: 0,
					});
			} catch (error) {
				if (live) setState({kind: 'problem', title: `go refuses ${found.file}`, message: (error as Error).message});
			}
		})();
		return () => {
			live = false;
		};
	}, [team, onDone, setState]);

	// One key at a time ("  " or "\r\r" in one read); each reads the ref the previous one updated.
	useKeys(
		(input, key) => {
			const state = current.current;
			if (state.kind === 'problem' || state.kind === 'applied') {
				// While the build runs, Enter waits for it to end, then goes on.
				if (key.return && build === 'running') continueAfterBuild.current = true;
				else if (key.return) onDone();
				return;
			}
			if (state.kind !== 'plan') return;
			const changeable = state.plan.filter(p => !p.unchanged).map(p => p.key);
			if (key.upArrow) setState({...state, cursor: Math.max(0, state.cursor - 1)});
			else if (key.downArrow) setState({...state, cursor: Math.min(changeable.length - 1, state.cursor + 1)});
			else if (input === ' ') {
				const current = changeable[state.cursor];
				if (current === undefined) return;
				setState({...state, chosen: state.chosen.includes(current) ? state.chosen.filter(k => k !== current) : [...state.chosen, current]});
			} else if (input === 'a') setState({...state, chosen: changeable});
			else if (input === 't' && (tools ?? []).some(r => r.install)) {
				installTools.current = !installTools.current;
				rerender();
			} else if (input === 's') onDone();
			else if (key.return) {
				if (blockingErrors(state).length > 0) return;
				const words = toolWords();
				if (state.chosen.length === 0 && words.length === 0) return onDone();
				const {file, profile, chosen} = state;
				setState({kind: 'applying', building: words.length > 0});
				team.apply(file, profile, chosen, words).then(
					changeSet => {
						setState({kind: 'applied', changeSet, file});
						startBuild(file);
					},
					(error: Error) => setState({kind: 'problem', title: 'Not applied', message: error.message}),
				);
			}
		},
		{isActive},
	);

	const state = current.current;
	if (state.kind === 'loading' || state.kind === 'applying') {
		return (
			<Text dimColor>
				{state.kind === 'loading'
					? 'Reading the team profile'
					: state.building
						? "Building the team's tools (go install), then applying"
						: 'Applying'}
				{theme.ellipsis}
			</Text>
		);
	}
	if (state.kind === 'problem') {
		return (
			<Box flexDirection="column" width={width}>
				<Text color={STATUS_COLOR.error} bold>
					{theme.status.error} {maskSecrets(state.title)}
				</Text>
				<Text>{maskSecrets(state.message)}</Text>
				<Text dimColor>Enter: continue without it</Text>
			</Box>
		);
	}
	if (state.kind === 'applied') {
		const set = state.changeSet;
		return (
			<Box flexDirection="column" width={width}>
				<Text bold wrap="truncate-end">
					Team profile{theme.separator}applied
				</Text>
				<Text color={STATUS_COLOR.ok}>
					{theme.status.ok} {set ? `Applied change set #${set.id} (${appliedWhat(set)}) from ${state.file}.` : 'Nothing left to change.'}
				</Text>
				{set ? <Text>Undo: u in the Rollback log panel, or gotune rollback --to {set.id}</Text> : null}
				{build === undefined ? null : <BuildSection build={build} theme={theme} />}
				{build === 'running' ? null : <Text dimColor>Enter: continue</Text>}
			</Box>
		);
	}
	const changeable = state.plan.filter(p => !p.unchanged);
	const keyWidth = Math.max(...state.plan.map(p => p.key.length));
	const rows = state.plan.flatMap(p => {
		const index = changeable.indexOf(p);
		const mark = p.unchanged ? '   ' : state.chosen.includes(p.key) ? '[x]' : '[ ]';
		const pointer = index >= 0 && index === state.cursor && isActive ? theme.pointer : ' ';
		const arrow = theme.ascii ? '->' : '→';
		const text = p.unchanged ? `${show(p.after)} (unchanged)` : `${show(p.before)} ${arrow} ${show(p.after)}`;
		const line = {key: p.key, text: `${pointer} ${mark} ${p.key.padEnd(keyWidth)}  ${text}`, dim: p.unchanged, warn: false};
		const reason = state.profile.reasons?.[p.key];
		// The team's one-line reason for the key, under it (profile "reasons").
		const why = reason === undefined ? [] : [{key: `${p.key}?`, text: `      ${maskSecrets(reason)}`, dim: true, warn: false}];
		if (p.shadowedBy === undefined) return [line, ...why];
		return [
			line,
			...why,
			{
				key: `${p.key}!`,
				text: `      ${theme.status.warn} the OS environment sets ${p.key}=${maskSecrets(p.shadowedBy)}, which overrides the file`,
				dim: false,
				warn: true,
			},
		];
	});
	const description = state.profile.description
		? [{key: 'description', text: `  ${maskSecrets(state.profile.description)}`, dim: true, warn: false}]
		: [];
	rows.unshift(...description);
	const chosen = state.chosen.length;
	const errors = blockingErrors(state).length;
	const sep = theme.separator;
	const installing = toolWords().length;
	const toolsToInstall = (tools ?? []).filter(r => r.install).length;
	const toolCount = (n: number) => `${n} tool${n === 1 ? '' : 's'}`;
	// The tools' part of Enter and the t key, in the key line at the top (the Tools section may be scrolled below).
	const toolsPart = toolsToInstall === 0 ? '' : installing > 0 ? ` + install ${toolCount(installing)}` : ' (tools left out)';
	const toolsKey = toolsToInstall === 0 ? '' : `${sep}t: tools`;
	const keyLine =
		changeable.length === 0
			? toolsToInstall > 0
				? `Enter: ${installing > 0 ? `install ${toolCount(installing)}` : 'continue (tools left out)'}${toolsKey}${sep}s: skip`
				: 'Enter: continue'
			: errors > 0
				? `Applying is blocked by ${errors} profile error${errors === 1 ? '' : 's'} (below)${sep}Space: leave the key out${toolsKey}${sep}s: skip`
				: `Enter: apply ${chosen} chosen${toolsPart}${sep}Space: choose${sep}a: all${toolsKey}${sep}s: skip`;
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate-end">
				Team profile{sep}
				{state.file}
				{state.profile.name ? ` (${maskSecrets(state.profile.name)})` : ''}
			</Text>
			<Text wrap="truncate-end">
				{changeable.length === 0
					? "Your settings already match the team's."
					: `The team's Go settings against yours: ${changeable.length} to change.`}
			</Text>
			{/* The keys first, so they stay on screen however long the sections below grow (the viewport scrolls those). */}
			<Text dimColor wrap="truncate-end">
				{keyLine}
			</Text>
			{rows.map(row =>
				// A reason or a warning wraps under its key, indented; a key's own row is cut rather than wrapped.
				row.key.endsWith('?') || row.warn ? (
					<Box key={row.key} paddingLeft={6}>
						<Text dimColor={row.dim} color={row.warn ? STATUS_COLOR.warn : undefined}>
							{row.text.trimStart()}
						</Text>
					</Box>
				) : (
					<Text key={row.key} wrap="truncate-end" dimColor={row.dim} color={row.warn ? STATUS_COLOR.warn : undefined}>
						{row.text}
					</Text>
				),
			)}
			<GoSection requirements={goCheck} theme={theme} />
			{state.profile.tools?.length ? <ToolsSection rows={tools} install={installTools.current} theme={theme} /> : null}
			<LintSection problems={state.problems} blocking={errors} file={state.file} theme={theme} />
			{hasPrivatePatterns(state.profile) ? <AccessSection access={access} theme={theme} /> : null}
		</Box>
	);
}

/** What a change set holds, in words: its GOENV keys and the tools it put in place. */
function appliedWhat(set: ChangeSet): string {
	const keys = set.entries.filter(e => e.target?.kind !== 'directory').length;
	const tools = set.entries.length - keys;
	const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
	return tools === 0 ? plural(keys, 'key') : `${plural(keys, 'key')}, ${plural(tools, 'tool')}`;
}

/** Lint errors that block applying: those of a chosen key, and those of the file as a whole (not one key's). */
function blockingErrors(state: {problems: SettingProblem[]; chosen: string[]}): SettingProblem[] {
	return state.problems.filter(p => p.severity === 'error' && (!p.key.startsWith('env.') || state.chosen.includes(p.key.slice(4))));
}

function show(state: TargetState): string {
	return state.present ? maskSecrets(state.value) : '(not set)';
}
