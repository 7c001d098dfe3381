import {Box, Text} from 'ink';
import {useCallback, useMemo} from 'react';
import type {ChangeSet, TargetState} from '../../core/journal/contract.js';
import {maskSecrets} from '../../core/mask.js';
import {wrap} from '../../text/wrap.js';
import {SelectList, selectRoom, type SelectItem, type SelectRow} from '../kit/select-list.js';
import {useStep} from '../kit/use-step.js';
import {KeyLine} from '../kit/key-hints.js';
import type {Services} from '../services.js';
import type {AccessRow} from '../services/team-profile.js';
import {AccessFix} from './access-fix.js';
import {ApplyFailed, ApplyingView, BuildCacheSection} from './build-cache-section.js';
import {AccessSection, BuildSection, GoSection, Line, LintSection} from './sections.js';
import {
	blockingErrors,
	cacheToSetUp,
	fixableHosts,
	hasPrivatePatterns,
	initialTeamProfileState,
	teamProfileModel,
	toolsToInstall,
	toolWords,
	type TeamProfileTasks,
} from './team-profile-model.js';
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
	/** While a fix asks for the user name and password, q/Esc/Tab belong to it. */
	captureKeys?: (capture: boolean) => void;
};

/**
 * A new team member's first screen: the team's gotune.json as a plan against their settings, all keys chosen, with
 * the Go version check, each key's reason, the profile's lint problems (errors block applying) and private access
 * per host (checked in the background). Space toggles the key under the cursor, `a` chooses all, Enter applies the
 * chosen keys through the journal as one change set and proves it with `go build ./...`, `s` skips.
 */
export function TeamProfileOnboarding({services, theme, isActive, width, height, onDone, captureKeys}: Props) {
	const team = services.teamProfile;
	// The behaviour is team-profile-model.ts (pure); this is its picture.
	const tasks = useMemo<TeamProfileTasks>(
		() => ({
			find: () => team.find(),
			plan: profile => team.plan(profile),
			goCheck: profile => team.goCheck(profile),
			tools: profile => team.tools(profile),
			access: team.access,
			buildCache: profile => team.buildCache(profile),
			apply: ({file, profile, chosen, tools, buildCache}, {emit, signal}) =>
				team.apply(file, profile, chosen, tools, {buildCache, emit, signal}),
			build: team.build,
		}),
		[team],
	);
	const {state: step, dispatch} = useStep(teamProfileModel, tasks, initialTeamProfileState, {isActive, onNext: onDone});
	const {goCheck, access, build} = step;
	const state = step.screen;
	const fixed = useCallback((row: AccessRow | undefined) => dispatch({type: 'fixed', row}), [dispatch]);
	if (step.fixing && state.kind === 'plan')
		return (
			<AccessFix
				services={services}
				theme={theme}
				isActive={isActive}
				width={width}
				env={state.profile.env}
				hosts={fixableHosts(step)}
				{...(captureKeys ? {captureKeys} : {})}
				onDone={fixed}
			/>
		);
	if (state.kind === 'loading') return <Text dimColor>Reading the team profile{theme.ellipsis}</Text>;
	if (state.kind === 'applying') return <ApplyingView doing={step.doing} cancellable={!step.written} theme={theme} />;
	if (state.kind === 'apply-failed') return <ApplyFailed message={state.message} theme={theme} />;
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
					{theme.status.ok}{' '}
					{set ? `Applied change set #${set.id} (${appliedWhat(set, state.tools)}) from ${state.file}.` : 'Nothing left to change.'}
				</Text>
				{set ? <Text>Undo: u in the Rollback log panel, or gotune rollback --to {set.id}</Text> : null}
				{build === undefined ? null : <BuildSection build={build} theme={theme} />}
				{build === 'running' ? null : <Text dimColor>Enter: continue</Text>}
			</Box>
		);
	}
	const changeable = state.plan.filter(p => !p.unchanged);
	const keyWidth = Math.max(...state.plan.map(p => p.key.length));
	const room = selectRoom(width, theme);
	const arrow = theme.ascii ? '->' : '→';
	// Under the key's label (after the mark's column), wrapped whole: its reason, a warning.
	const under = (text: string, style: Omit<SelectRow, 'text'>): SelectRow[] =>
		wrap(text, room - UNDER.length, '').map(row => ({text: `${UNDER}${row}`, ...style}));
	// The plan as the kit's list (❯, > under --ascii): the cursor moves over the keys to change only, the model owns it.
	const items: SelectItem[] = state.plan.map(p => {
		const mark = p.unchanged ? '   ' : state.chosen.includes(p.key) ? '[x]' : '[ ]';
		const text = p.unchanged ? `${show(p.after)} (unchanged)` : `${show(p.before)} ${arrow} ${show(p.after)}`;
		const reason = state.profile.reasons?.[p.key];
		return {
			id: p.key,
			label: `${mark} ${p.key.padEnd(keyWidth)}  ${text}`,
			...(p.unchanged ? {dim: true} : {}),
			rows: [
				// The team's one-line reason for the key (profile "reasons").
				...(reason === undefined ? [] : under(maskSecrets(reason), {dim: true})),
				...(p.shadowedBy === undefined
					? []
					: under(`${theme.status.warn} the OS environment sets ${p.key}=${maskSecrets(p.shadowedBy)}, which overrides the file`, {
							color: STATUS_COLOR.warn,
							dim: false,
						})),
			],
		};
	});
	const current = changeable[state.cursor];
	const selected = isActive && current ? state.plan.indexOf(current) : -1;
	const chosen = state.chosen.length;
	const errors = blockingErrors(state).length;
	const sep = theme.separator;
	const installing = toolWords(step).length;
	const toInstall = toolsToInstall(step).length;
	const toolCount = (n: number) => `${n} tool${n === 1 ? '' : 's'}`;
	// The tools' part of Enter and the t key, in the key line at the top (the Tools section may be scrolled below).
	const toolsPart = toInstall === 0 ? '' : installing > 0 ? ` + install ${toolCount(installing)}` : ' (tools left out)';
	const toolsKey = (toInstall === 0 ? '' : `${sep}t: tools`) + (fixableHosts(step).length > 0 ? `${sep}f: fix access` : '');
	const cache = cacheToSetUp(step, state.profile);
	const cachePart = cache ? ' + shared build cache' : '';
	// With no key to change, Enter does what else there is: install the tools, set up the shared build cache.
	const work = [...(installing > 0 ? [`install ${toolCount(installing)}`] : []), ...(cache ? ['set up the shared build cache'] : [])];
	const keyLine =
		changeable.length === 0
			? work.length > 0 || toInstall > 0
				? `Enter: ${work.length > 0 ? work.join(' + ') : 'continue (tools left out)'}${toolsKey}${sep}s: skip`
				: `Enter: continue${toolsKey}`
			: errors > 0
				? `Applying is blocked by ${errors} profile error${errors === 1 ? '' : 's'} (below)${sep}Space: leave the key out${toolsKey}${sep}s: skip`
				: `Enter: apply ${chosen} chosen${toolsPart}${cachePart}${sep}Space: choose${sep}a: all${toolsKey}${sep}s: skip`;
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
			<KeyLine parts={keyLine.split(sep)} theme={theme} width={width} />
			{state.note ? <Text color={STATUS_COLOR.warn}>{`${theme.status.warn} ${state.note}`}</Text> : null}
			{state.profile.description ? (
				<Line indent={2} dim>
					{maskSecrets(state.profile.description)}
				</Line>
			) : null}
			<SelectList items={items} selected={selected} theme={theme} width={width} isFocused={isActive} />
			<GoSection requirements={goCheck} theme={theme} />
			{state.profile.tools?.length ? <ToolsSection rows={step.tools} install={step.installTools} theme={theme} /> : null}
			{state.profile.buildCache ? (
				<BuildCacheSection check={step.buildCache} server={state.profile.buildCache.server} theme={theme} />
			) : null}
			<LintSection problems={state.problems} blocking={errors} file={state.file} theme={theme} />
			{hasPrivatePatterns(state.profile) ? <AccessSection access={access} theme={theme} /> : null}
		</Box>
	);
}

/** A reason or a warning starts under the key, past the mark's column (`[x] `). */
const UNDER = '    ';

/** What a change set holds, in words: its GOENV keys, the TOOLS it put in place and the shared build cache. */
function appliedWhat(set: ChangeSet, tools: number): string {
	const isCache = (e: ChangeSet['entries'][number]) => e.target?.kind === 'goenv' && e.target.key === 'GOCACHEPROG';
	const keys = set.entries.filter(e => e.target?.kind !== 'directory' && !isCache(e)).length;
	const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
	return [
		plural(keys, 'key'),
		...(tools > 0 ? [plural(tools, 'tool')] : []),
		...(set.entries.some(isCache) ? ['the shared build cache'] : []),
	].join(', ');
}

function show(state: TargetState): string {
	return state.present ? maskSecrets(state.value) : '(not set)';
}
