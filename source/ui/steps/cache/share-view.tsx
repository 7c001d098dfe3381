import {Box, Text} from 'ink';
import {BusyLine, KeyHints, TextField, type KeyBinding} from '../../kit/index.js';
import {PlanRows} from '../../kit/plan-rows.js';
import type {StepViewProps} from '../types.js';
import {oldGoLines, SHARE_TITLE, shareBusy, sharePlanRows} from './share-lines.js';
import type {SharePhase} from './share-model.js';

type Props<Action> = {
	phase: SharePhase;
	bindings: ReadonlyArray<KeyBinding<Action>>;
	theme: StepViewProps['theme'];
	isActive: boolean;
	width: number;
};

/** The Cache step's "share with the team" sub-screen: every row wraps at word boundaries, nothing is cut. */
export function ShareScreen<Action>({phase, bindings, theme, isActive, width}: Props<Action>) {
	const busy = shareBusy(phase);
	return (
		<Box flexDirection="column">
			<Text bold wrap="wrap">
				{SHARE_TITLE}
			</Text>
			{phase.step === 'server' || phase.step === 'planning' || phase.step === 'plan' ? (
				<Box>
					<Box flexShrink={0}>
						<Text>Cache server: </Text>
					</Box>
					{phase.step === 'server' ? (
						<TextField value={phase.field.value} cursor={phase.field.cursor} focus={isActive} placeholder="http://10.0.0.7:31364" />
					) : (
						<Text wrap="wrap">{phase.request.server}</Text>
					)}
				</Box>
			) : null}
			{phase.step === 'server' ? (
				<Text wrap="wrap" dimColor={!phase.problem} color={phase.problem ? 'red' : undefined}>
					{phase.problem ??
						`The client, gotune-cacher (go-tool-cache's client, pinned, with best-effort HTTP: a server that is down never fails a build), is built with go install into GOBIN; a token, if the server needs one, is read from GOTUNE_CACHE_TOKEN.${phase.trimpath ? ' -trimpath is added to GOFLAGS.' : ''}`}
				</Text>
			) : null}
			{busy ? <BusyLine what={busy} theme={theme} waitingFor={phase.step === 'planning' ? 'the server' : 'go'} /> : null}
			{phase.step === 'applying' ? (
				<Text wrap="wrap" dimColor>
					Esc cancels: nothing is changed until the journal writes.
				</Text>
			) : null}
			{phase.step === 'plan' ? <Plan phase={phase} /> : null}
			{phase.step === 'old-go'
				? oldGoLines(phase.goVersion).map((line, i) => (
						<Text key={i} wrap="wrap" color={i === 0 ? 'yellow' : undefined}>
							{line}
						</Text>
					))
				: null}
			{phase.step === 'done'
				? phase.lines.map((line, i) => (
						<Text key={i} wrap="wrap" color={phase.ok ? 'green' : 'red'}>
							{line}
						</Text>
					))
				: null}
			<KeyHints bindings={bindings} theme={theme} width={width} />
		</Box>
	);
}

function Plan({phase}: {phase: Extract<SharePhase, {step: 'plan'}>}) {
	const {rows, question, problem} = sharePlanRows(phase);
	if (problem)
		return (
			<Text wrap="wrap" color="red">
				{problem}
			</Text>
		);
	return (
		<Box flexDirection="column">
			<PlanRows rows={rows} />
			<Text wrap="wrap">
				{question} <Text bold>[y/N]</Text>
			</Text>
		</Box>
	);
}
