import {Box, Text} from 'ink';
import {useCallback, useEffect, useMemo} from 'react';
import {maskSecrets, maskSetting} from '../../../core/mask.js';
import {GOSUMDB_OFF_LOSS} from '../../../core/proxy/gosumdb.js';
import {
	BusyLine,
	Confirmation,
	KeyHints,
	keyHintRows,
	StepTitle,
	TableRow,
	TextField,
	useFollowEnd,
	useOnRevision,
	wrapParts,
	WrappedText,
	type Part,
} from '../../kit/index.js';
import {useStep} from '../../kit/use-step.js';
import type {StepViewProps} from '../types.js';
import {headerColumns, rowColumns, rowDetail, secondaryLines} from './proxy-lines.js';
import {ScrollView} from '../../components/scroll-view.js';
import {
	composition,
	initialProxyState,
	plannedChanges,
	plannedSettings,
	moduleText,
	noCandidateAdvice,
	probedModule,
	proxyBindings,
	proxyModel,
	results,
	type ProxyState,
	type ProxyTasks,
	type Pure,
} from './model.js';
import {wrap} from '../../../text/wrap.js';
import {MAINLAND_MIRRORS} from '../../../core/proxy/candidates.js';

/** A row's detail sits under its URL, past the status column. */
const DETAIL_INDENT = 4;

/** Proxy step: a live table of every candidate probed at once, the composed GOPROXY with Go's rules, private patterns, GOSUMDB, apply + proof. */
export function ProxyStep(props: StepViewProps) {
	return (
		<Box flexDirection="column">
			<StepTitle name="Proxy" about="where go downloads modules from, and what checks them" theme={props.theme} width={props.width} />
			<ProxyBody {...props} height={Math.max(1, props.height - 1)} />
		</Box>
	);
}

function ProxyBody({services, theme, isActive, width, height, onNext, setPending, captureKeys, revision}: StepViewProps) {
	const svc = services.proxy;
	const pure: Pure = svc;
	const model = useMemo(() => proxyModel(pure), [pure]);
	const tasks = useMemo<ProxyTasks>(
		() => ({
			// The project the Module step chose (the demo module, say): the probe asks for its requirements.
			context: () => svc.context(false, services.module.chosen()?.dir),
			// A change underneath (go env -w elsewhere, an undo in the rollback log): read the settings again.
			recheck: () => svc.context(true, services.module.chosen()?.dir),
			probe: svc.probe,
			unserved: svc.unserved,
			apply: changes => svc.apply(changes),
			rollback: changeSet => svc.rollback(changeSet),
			proof: svc.prove,
		}),
		[svc, services],
	);
	const {state, dispatch, bindings} = useStep(model, tasks, initialProxyState, {isActive, onNext, setPending, captureKeys});
	const {phase} = state;
	useOnRevision(
		revision,
		useCallback(() => dispatch({type: 'changed-underneath'}), [dispatch]),
	);

	const composed = composition(state, pure);
	const planned = plannedSettings(state, pure);
	// "How go will fetch": the probe module and the first requirements, with the settings the step would leave.
	const routes =
		planned && state.context
			? [...new Set([moduleText(probedModule(state, state.context)), ...state.context.requirements.slice(0, 3).map(r => r.path)])].map(m =>
					svc.route(m, planned),
				)
			: [];
	const context0 = state.context;
	const primary = composed.entries[0]?.url;
	const secondary = context0
		? secondaryLines(
				{
					explanation: composed.explanation,
					warnings: [...composed.warnings, ...svc.warnings(context0.settings.GOPROXY, results(state)).map(w => `current GOPROXY: ${w}`)],
					goinsecure: context0.settings.GOINSECURE,
					mainland:
						primary !== undefined &&
						/^https?:/.test(primary) &&
						MAINLAND_MIRRORS.test(new URL(primary).hostname) &&
						state.gosumdb === 'sum.golang.org',
					suggestions:
						phase.kind === 'results' && state.goprivate === '' ? context0.suggestions.map(s => `${s.pattern} (${s.reason})`) : [],
					routes,
				},
				Math.max(20, width - 2),
			)
		: [];
	// The table, the GOPROXY and settings lines, and the phase's own lines always show; the rest scrolls (PgUp/PgDn).
	// Rows of the lines that wrap (a long value shows whole, not cut), counted the way they will wrap.
	const rowsOf = (text: string, room = width) => wrap(text, room, '').length;
	// Past the results (a question, the proof, the outcome at the bottom): the context lines above keep one row each,
	// so what the user must answer stays on screen at 80×24; the results screen showed them whole.
	const compact = phase.kind !== 'probing' && phase.kind !== 'results';
	// Past the results the question or outcome is the last thing drawn: the step's viewport keeps it on screen, so the
	// lines above it wrap whole like everywhere else (cut, they lost the ends of values and sentences at 80 columns).
	useFollowEnd(compact);
	const context1 = state.context;
	const probedText = context1 ? probedLine(state, context1) : '';
	const detailRows = state.rows
		.filter((row, index) => !row.result?.ok || (phase.kind === 'results' && index === state.selected))
		.reduce((sum, row) => sum + rowDetail(row, width - DETAIL_INDENT).length, 0);
	const goproxyRows = context1 ? wrapParts(goproxyParts(composed.value, context1.settings.GOPROXY), width).length : 1;
	const settingsRows = compact ? 1 : wrapParts(settingsParts(state), width).length;
	const advice = noCandidateAdvice(state, pure);
	const above = rowsOf(probedText) + 1 + state.rows.length + detailRows + goproxyRows + settingsRows;
	// Rows left for Go's rules under the phase's own lines, with the key line the bindings make (it wraps).
	const roomWith = (keys: ReturnType<typeof proxyBindings>) => {
		const hintRows = keyHintRows(keys, theme, width).length + (advice === undefined ? 0 : rowsOf(advice));
		const phaseRows =
			{
				results: hintRows,
				edit: 6,
				'confirm-sumdb-off': 5,
				review: 4,
				applying: 1,
				proving: 8,
				'confirm-rollback': 12,
				'rolling-back': 9,
				done: 10,
			}[phase.kind as string] ?? 0;
		return height - (above + phaseRows);
	};
	// Go's rules and the routes belong to the results screen; past it the question or outcome gets their rows. When
	// they do not fit, the key line gains PgUp/PgDn (the model's bindings): counted with it.
	const fitting = compact ? 0 : roomWith(proxyBindings({...state, rules: undefined}, pure));
	const secondaryHeight =
		compact || secondary.length <= fitting
			? fitting
			: roomWith(proxyBindings({...state, rules: {total: secondary.length, height: 0}}, pure));
	// The model owns the scroll offset and the PgUp/PgDn bindings; it learns the window from the layout here.
	const rulesTotal = secondaryHeight > 0 ? secondary.length : 0;
	useEffect(() => {
		dispatch({type: 'rules-window', total: rulesTotal, height: Math.max(0, secondaryHeight)});
	}, [dispatch, rulesTotal, secondaryHeight]);
	const changes = state.context ? plannedChanges(state, pure) : [];

	if (phase.kind === 'loading') return <BusyLine what="Reading the proxy settings in force" theme={theme} />;
	if (phase.kind === 'failed')
		return (
			<Box flexDirection="column">
				<Text color="red" wrap="wrap">
					{phase.message}
				</Text>
				<KeyHints bindings={bindings} theme={theme} width={width} />
			</Box>
		);
	const context = state.context!;
	const tableWidth = width;
	return (
		<Box flexDirection="column">
			<WrappedText text={probedLine(state, context)} width={width} />
			<TableRow columns={headerColumns(tableWidth)} theme={theme} />
			{state.rows.map((row, index) => {
				const pickedAt = state.picked.indexOf(row.url) + 1;
				const {columns, status} = rowColumns(row, tableWidth, pickedAt);
				const detail = rowDetail(row, tableWidth - DETAIL_INDENT);
				const current = phase.kind === 'results' && index === state.selected;
				return (
					<Box key={`${row.url}-${index}`} flexDirection="column">
						<TableRow
							columns={columns}
							theme={theme}
							status={status}
							pending={row.result ? ' ' : row.cancelled ? '-' : '…'}
							bold={current}
						/>
						{current || !row.result?.ok
							? detail.map((text, line) => (
									<Box key={line} paddingLeft={DETAIL_INDENT}>
										<Text dimColor wrap="truncate-end">
											{text}
										</Text>
									</Box>
								))
							: null}
					</Box>
				);
			})}
			{phase.kind === 'probing' ? null : <WrappedText parts={goproxyParts(composed.value, context.settings.GOPROXY)} width={width} />}
			{phase.kind === 'probing' ? null : <WrappedText parts={settingsParts(state)} width={width} />}
			{phase.kind === 'probing' || secondaryHeight <= 0 ? null : (
				<ScrollView lines={secondary} offset={state.scroll} height={secondaryHeight} theme={theme} />
			)}
			{phase.kind === 'results' && advice !== undefined ? <WrappedText text={advice} color="yellow" width={width} /> : null}
			{phase.kind === 'results' ? <KeyHints bindings={bindings} theme={theme} width={width} /> : null}
			{phase.kind === 'edit' ? <Editor state={state} /> : null}
			{phase.kind === 'confirm-sumdb-off' ? (
				<Confirmation
					question={`${GOSUMDB_OFF_LOSS} Set GOSUMDB=off?`}
					theme={theme}
					isActive={isActive}
					onAnswer={yes => dispatch({type: 'confirm', yes})}
					yes="turn checksum verification off"
					no="keep it"
					color="yellow"
				/>
			) : null}
			{phase.kind === 'review' ? (
				<Confirmation
					question={
						changes.length === 0
							? 'Nothing to change: the settings in force already match. Prove them with a download?'
							: `Write ${changes.map(c => `${c.key}=${maskSetting(c.key, c.value)}`).join(', ')} to the GOENV file (journaled, undo with gotune rollback), then prove it with a download?`
					}
					theme={theme}
					isActive={isActive}
					onAnswer={yes => dispatch({type: 'confirm', yes})}
					yes="apply and prove"
					no="back"
				/>
			) : null}
			{phase.kind === 'applying' ? <BusyLine what="Writing through the journal" theme={theme} /> : null}
			{phase.kind === 'proving' ? (
				<BusyLine
					what={`go mod download ${phase.input.module} through the new settings (fresh module cache) · Esc cancels`}
					theme={theme}
					waitingFor="go"
				/>
			) : null}
			{phase.kind === 'confirm-rollback' ? (
				<>
					<Outcome phase={phase} />
					<Confirmation
						question={`Roll back change set #${phase.changeSet} now? The settings return to what they were before this step.`}
						theme={theme}
						isActive={isActive}
						onAnswer={yes => dispatch({type: 'confirm', yes})}
						yes="roll back"
						no="keep the new settings"
						color="yellow"
					/>
				</>
			) : null}
			{phase.kind === 'rolling-back' ? <BusyLine what={`Rolling back change set #${phase.changeSet}`} theme={theme} /> : null}
			{phase.kind === 'proving' || phase.kind === 'done' || phase.kind === 'confirm-rollback'
				? state.downloads.slice(-6).map((line, i) => (
						<Text key={i} dimColor wrap="wrap">
							{' '}
							{line}
						</Text>
					))
				: null}
			{phase.kind === 'done' ? <Outcome phase={phase} /> : null}
			{phase.kind === 'done' ? <KeyHints bindings={bindings} theme={theme} width={width} /> : null}
		</Box>
	);
}

function Editor({state}: {state: ReturnType<typeof initialProxyState>}) {
	const phase = state.phase;
	if (phase.kind !== 'edit') return null;
	const label =
		phase.what === 'url'
			? 'Proxy URL to probe'
			: phase.what === 'module'
				? 'Module to probe with (PATH@VERSION)'
				: phase.what === 'sumdb'
					? 'GOSUMDB'
					: phase.what === 'GOPRIVATE'
						? 'GOPRIVATE (comma-separated globs)'
						: `${phase.what} (empty: same as GOPRIVATE; "none" matches nothing)`;
	const placeholder =
		phase.what === 'url'
			? 'https://goproxy.example'
			: phase.what === 'module'
				? 'golang.org/x/text@v0.14.0'
				: phase.what === 'sumdb'
					? 'sum.golang.org (or sum.golang.google.cn with a mainland mirror, or off)'
					: '*.corp.example,github.com/myorg';
	return (
		<Box flexDirection="column">
			<Text>
				{label}: <TextField value={phase.field.value} cursor={phase.field.cursor} focus placeholder={placeholder} />
			</Text>
			{state.fieldError ? (
				<Text color="red" wrap="wrap">
					{state.fieldError}
				</Text>
			) : null}
			{phase.what !== 'url' && phase.what !== 'sumdb' && phase.what !== 'module' && state.patternCheck
				? state.patternCheck.elements
						.filter(e => e.raw !== '')
						.map((e, i) => (
							<Text key={i} dimColor wrap="truncate-end">
								{' '}
								{JSON.stringify(e.raw)}: {(state.patternCheck!.matches[e.raw] ?? []).join(', ') || 'matches no requirement'}
							</Text>
						))
				: null}
			{phase.what === 'sumdb' && state.sumdbVerdict?.ok && !state.sumdbVerdict.off ? (
				<Text dimColor>
					{' '}
					checksum database {state.sumdbVerdict.name}
					{state.sumdbVerdict.url ? ` at ${state.sumdbVerdict.url}` : ''}
				</Text>
			) : null}
			<Text dimColor>Enter keep · Esc cancel</Text>
		</Box>
	);
}

type Finished = Extract<ReturnType<typeof initialProxyState>['phase'], {kind: 'done' | 'confirm-rollback'}>;

function Outcome({phase}: {phase: Finished}) {
	const rolledBack = phase.kind === 'done' && phase.rolledBack === true;
	const rollbackError = phase.kind === 'done' ? phase.rollbackError : undefined;
	const applied =
		phase.changeSet === null
			? 'Nothing was written.'
			: rolledBack
				? `Change set #${phase.changeSet} was rolled back: the settings are as before.`
				: rollbackError !== undefined
					? `Change set #${phase.changeSet} could not be rolled back (${rollbackError}): gotune rollback --to ${phase.changeSet}.`
					: `Applied as change set #${phase.changeSet} (undo: gotune rollback --to ${phase.changeSet}).`;
	if (phase.error)
		return (
			<Text color="red" wrap="wrap">
				{applied} {maskSecrets(phase.error)}
			</Text>
		);
	const proof = phase.proof!;
	return proof.ok ? (
		<Text color="green" wrap="wrap">
			{applied} Proof: go downloaded {proof.module} through the new settings in {(proof.durationMs / 1000).toFixed(2)} s.
		</Text>
	) : (
		<Text color="red" wrap="wrap">
			{applied} Proof failed: go mod download {proof.module}: {maskSecrets(proof.error ?? 'failed')}
		</Text>
	);
}

/** The line over the table: the probe in flight, or what was probed and how long it took. */
function probedLine(state: ProxyState, context: NonNullable<ProxyState['context']>): string {
	const done = state.rows.filter(r => r.result).length;
	return state.phase.kind === 'probing'
		? `Probing ${state.rows.length} candidates at once for ${moduleText(probedModule(state, context))} (${done}/${state.rows.length} done, each ≤ ${context.timeoutMs / 1000} s) · Esc cancels`
		: `Probed ${state.rows.length} candidates for ${moduleText(probedModule(state, context))} (${state.probeModule ? 'typed here' : context.moduleSource})${state.elapsedMs === undefined ? '' : ` in ${(state.elapsedMs / 1000).toFixed(1)} s`}`;
}

/** The composed GOPROXY (its value bold), or why there is none; wrapped and counted as parts (wrapParts). */
function goproxyParts(value: string | null, inForce: string): Part[] {
	return value === null
		? [{text: `No candidate works: nothing to recommend (GOPROXY stays ${maskSetting('GOPROXY', inForce)}).`, color: 'red'}]
		: [{text: 'GOPROXY='}, {text: value, bold: true}, {text: value === inForce ? ' (already in force)' : ''}];
}

/** The private-module settings line (its rows are counted before it is drawn), a proxy-less pattern in yellow. */
function settingsParts(state: ProxyState): Part[] {
	const gosumdb = state.gosumdb ? maskSetting('GOSUMDB', state.gosumdb) : '(default)';
	return [
		{
			text: `GOPRIVATE=${state.goprivate || '(none)'}  GONOPROXY=${state.gonoproxy ?? '(= GOPRIVATE)'}  GONOSUMDB=${state.gonosumdb ?? '(= GOPRIVATE)'}  GOSUMDB=${gosumdb}`,
		},
		...(state.unserved.length > 0
			? [{text: `  ! no proxy serves ${state.unserved.join(', ')}: add it to GOPRIVATE (p)`, color: 'yellow'}]
			: []),
	];
}
