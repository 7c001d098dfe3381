import {Box, Text} from 'ink';
import {useCallback, useMemo} from 'react';
import {CLEAN_EFFECT} from '../../../core/cache/clean.js';
import {formatBytes} from '../../../text/units.js';
import {
	BusyLine,
	Confirmation,
	KeyHints,
	StepTitle,
	ProgressBar,
	SelectList,
	selectRoom,
	TextField,
	useOnRevision,
} from '../../kit/index.js';
import {useStep} from '../../kit/use-step.js';
import {ShareScreen} from './share-view.js';
import type {StepViewProps} from '../types.js';
import {cacheItem, candidateLine, CLEAN_LABEL} from './cache-lines.js';
import {CACHES, cacheBindings, cacheModel, initialCacheState, relativeSpeed, type CacheTasks, type CacheAction} from './model.js';

/** Cache step: both caches with live counts, relocation to a benchmarked target through the journal, go clean. */
export function CacheStep(props: StepViewProps) {
	return (
		<Box flexDirection="column">
			<StepTitle name="Cache" about="where go keeps builds and downloads, and the room they have" theme={props.theme} width={props.width} />
			<CacheBody {...props} height={Math.max(1, props.height - 1)} />
		</Box>
	);
}

function CacheBody({services, theme, isActive, width, onNext, setPending, captureKeys, claimEscape, revision}: StepViewProps) {
	const svc = services.cache;
	// The behaviour is model.ts (pure); useStep runs its tasks, keys, pending change, key and Esc capture and onNext.
	const tasks = useMemo<CacheTasks>(
		() => ({
			inspect: svc.inspect,
			bench: svc.benchmark,
			move: svc.move,
			clean: svc.clean,
			candidates: report => svc.candidates(report),
			check: ([to, report, keepSource]) => svc.check(report, to, keepSource),
			shareGo: svc.shareGo,
			sharePlan: svc.sharePlan,
			shareApply: svc.shareApply,
		}),
		[svc],
	);
	const {state, dispatch, bindings} = useStep(cacheModel, tasks, initialCacheState, {
		isActive,
		onNext,
		setPending,
		captureKeys,
		claimEscape,
	});
	const {phase} = state;
	// GOCACHE or GOMODCACHE set elsewhere (go env -w, an undo): the caches are looked at again.
	useOnRevision(
		revision,
		useCallback(() => dispatch({type: 'changed-underneath'}), [dispatch]),
	);

	const overview = CACHES.flatMap(kind => {
		const report = state.reports[kind];
		return report ? [cacheItem(report, state.counting[kind], selectRoom(width, theme), phase.kind === 'overview')] : [];
	});
	if (phase.kind === 'inspecting') return <BusyLine what="Locating GOCACHE and GOMODCACHE (go env)" theme={theme} waitingFor="go" />;
	return (
		<Box flexDirection="column">
			{/* The caches as a list with the kit's cursor (❯, > under --ascii); a sub-screen (targets, a question, progress)
			    keeps one row per cache above it, without a cursor: its own lines need the room. */}
			<SelectList
				items={overview}
				selected={phase.kind === 'overview' ? overview.findIndex(item => item.id === CACHES[state.selected]) : -1}
				theme={theme}
				width={width}
			/>
			{state.inspectError ? (
				<Text color="red" wrap="wrap">
					{state.inspectError}
				</Text>
			) : null}
			{phase.kind === 'overview' ? (
				<KeyHints
					bindings={bindings}
					theme={theme}
					width={width}
					lead={`${state.inspectInput ? 'Counting: move and clean once it is done. ' : ''}${state.keepSource ? 'A move keeps the old directory (s to change). ' : ''}`}
				/>
			) : null}
			{phase.kind === 'targets' ? <Targets state={state} width={width} theme={theme} within={svc.within} /> : null}
			{phase.kind === 'confirm-move' ? <ConfirmMove state={state} theme={theme} isActive={isActive} dispatch={dispatch} /> : null}
			{phase.kind === 'moving' ? (
				<Box flexDirection="column">
					<Text wrap="wrap">
						{phase.step ?? 'starting'}
						{phase.progress ? ` · ${phase.progress.phase}` : ''} · Esc cancels (the journal undoes it)
					</Text>
					{phase.progress && phase.progress.totalFiles > 0 ? (
						<ProgressBar
							label="files"
							done={phase.progress.files}
							total={phase.progress.totalFiles}
							unit="count"
							startedAt={phase.startedAt}
							now={phase.at ?? phase.startedAt}
							theme={theme}
							width={width}
						/>
					) : null}
					{phase.progress && phase.progress.phase === 'copy' && phase.progress.totalBytes > 0 ? (
						<ProgressBar
							label="bytes"
							done={phase.progress.bytes}
							total={phase.progress.totalBytes}
							unit="bytes"
							startedAt={phase.startedAt}
							now={phase.at ?? phase.startedAt}
							theme={theme}
							width={width}
						/>
					) : null}
				</Box>
			) : null}
			{phase.kind === 'confirm-clean' ? (
				<Confirmation
					question={`${CLEAN_LABEL[phase.clean]} ${CLEAN_EFFECT[phase.clean]} Now: ${sizeOf(state.reports[phase.clean === 'modcache' ? 'gomodcache' : 'gocache']?.bytes)}. Run it?`}
					theme={theme}
					isActive={isActive}
					onAnswer={yes => dispatch({type: 'confirm', yes})}
					yes={`run ${CLEAN_LABEL[phase.clean]}`}
					no="keep everything"
					color="yellow"
				/>
			) : null}
			{phase.kind === 'cleaning' ? (
				<BusyLine
					what={`${CLEAN_LABEL[phase.input.kind]} (sizes before and after are counted on disk) · Esc cancels`}
					theme={theme}
					waitingFor="go"
				/>
			) : null}
			{phase.kind === 'share' ? (
				<ShareScreen phase={phase.share} bindings={bindings} theme={theme} isActive={isActive} width={width} />
			) : null}
			{phase.kind === 'result' ? (
				<Box flexDirection="column">
					{phase.lines.map((line, i) => (
						<Text key={i} color={phase.ok ? 'green' : 'red'} wrap="wrap">
							{line}
						</Text>
					))}
					<KeyHints bindings={bindings} theme={theme} width={width} />
				</Box>
			) : null}
		</Box>
	);
}

const sizeOf = (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? 'size not counted yet' : formatBytes(bytes));

function Targets({
	state,
	width,
	theme,
	within,
}: {
	state: ReturnType<typeof initialCacheState>;
	width: number;
	theme: StepViewProps['theme'];
	within: string | undefined;
}) {
	const phase = state.phase;
	if (phase.kind !== 'targets') return null;
	const key = phase.cache === 'gocache' ? 'GOCACHE' : 'GOMODCACHE';
	const candidates = state.candidates;
	const barWidth = Math.max(4, Math.min(12, width - 70));
	const label = (candidate: NonNullable<typeof candidates>[number]) =>
		candidateLine(candidate, state.benchmarks[candidate.path], relativeSpeed(state, candidate.path), barWidth, theme.bar);
	// The list cuts a row at the box's edge; the row under the cursor is then shown whole below it (nothing cut).
	const current = phase.field ? undefined : candidates?.[phase.selected];
	const whole = current && [...label(current)].length > width - theme.pointer.length - 1 ? label(current) : undefined;
	return (
		<Box flexDirection="column">
			<Text bold wrap="wrap">
				Move {key} to…
				{candidates?.length === 0
					? ` (no other place with room${within ? ` inside the sandbox ${within}` : ''}: type a path)`
					: ' (disk benchmark: small files written, fsynced, read, deleted; about 5 s in all)'}
			</Text>
			{candidates === undefined ? <BusyLine what="Finding filesystems with room" theme={theme} /> : null}
			{candidates === undefined ? null : (
				// While a path is typed the list stays for reference, without a cursor and without the "type a path" row.
				<SelectList
					items={[
						...candidates.map(candidate => ({
							id: candidate.path,
							label: label(candidate),
							dim: !candidate.fits,
						})),
						...(phase.field ? [] : [{id: '', label: 'type a path…'}]),
					]}
					selected={phase.field ? -1 : phase.selected}
					theme={theme}
					width={width}
				/>
			)}
			{whole ? (
				<Box paddingLeft={theme.pointer.length + 1}>
					<Text wrap="wrap" dimColor>
						{whole}
					</Text>
				</Box>
			) : null}
			{phase.field ? (
				<Box flexDirection="column">
					<Text>
						New {key}: <TextField value={phase.field.value} cursor={phase.field.cursor} focus placeholder="/data/go-build" />
					</Text>
					{state.checking ? <Text dimColor>checking…</Text> : null}
					{!state.checking && state.typedCheck && state.typedCheck.to === phase.field.value.trim() ? (
						state.typedCheck.check.refusals.length > 0 ? (
							state.typedCheck.check.refusals.map((r, i) => (
								<Text key={i} color="red" wrap="wrap">
									✗ {r}
								</Text>
							))
						) : (
							<Text color="green" wrap="wrap">
								✓{' '}
								{state.typedCheck.check.method === 'rename'
									? 'same filesystem: one rename'
									: state.typedCheck.check.method === 'copy'
										? `another filesystem: copy and verify (${formatBytes(state.typedCheck.check.freeBytes ?? 0)} free)`
										: 'already a cache of this kind: switch to it'}
							</Text>
						)
					) : null}
					<Text dimColor>Enter choose · Esc back to the list</Text>
				</Box>
			) : state.checking ? (
				<Text dimColor>checking {state.checking}…</Text>
			) : (
				<KeyHints bindings={cacheBindings(state)} theme={theme} width={width} />
			)}
		</Box>
	);
}

function ConfirmMove({
	state,
	theme,
	isActive,
	dispatch,
}: {
	state: ReturnType<typeof initialCacheState>;
	theme: StepViewProps['theme'];
	isActive: boolean;
	dispatch: (action: CacheAction) => void;
}) {
	const phase = state.phase;
	if (phase.kind !== 'confirm-move') return null;
	const key = phase.cache === 'gocache' ? 'GOCACHE' : 'GOMODCACHE';
	const report = state.reports[phase.cache];
	if (phase.check.refusals.length > 0) {
		return (
			<Box flexDirection="column">
				<Text color="red" wrap="wrap">
					Cannot move {key} to {phase.to}:
				</Text>
				{phase.check.refusals.map((r, i) => (
					<Text key={i} color="red" wrap="wrap">
						{' '}
						✗ {r}
					</Text>
				))}
				<Confirmation
					question="Nothing was touched. Back to the targets?"
					theme={theme}
					isActive={isActive}
					onAnswer={() => dispatch({type: 'confirm', yes: false})}
					yes="back"
					no="back"
				/>
			</Box>
		);
	}
	const how =
		phase.check.method === 'rename'
			? 'one rename (same filesystem)'
			: phase.check.method === 'copy'
				? `copy ${sizeOf(report?.bytes)} and verify it (paths, sizes, modes, module zips against .ziphash)`
				: 'switch to the cache already there (nothing copied)';
	// A rename leaves nothing behind; a copy keeps or removes the old tree.
	const after =
		phase.check.method !== 'copy'
			? ''
			: state.keepSource
				? ' The old directory is kept.'
				: ' The old directory is removed only after the switch succeeded.';
	return (
		<Confirmation
			question={`Move ${key} to ${phase.to}: ${how}, then set ${key} in the GOENV file, as one change set you can undo.${after}`}
			theme={theme}
			isActive={isActive}
			onAnswer={yes => dispatch({type: 'confirm', yes, at: Date.now()})}
			yes="move"
			no="back"
		/>
	);
}
