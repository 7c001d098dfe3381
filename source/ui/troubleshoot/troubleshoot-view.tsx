import {Box, Text} from 'ink';
import type {Problem} from '../../core/explain/types.js';
import {Confirmation} from '../kit/confirmation.js';
import {StepTitle} from '../kit/step-title.js';
import {TextArea} from '../kit/text-area.js';
import type {Services} from '../services.js';
import type {Theme} from '../theme.js';
import {asksToApply, type TroubleshootState} from './model.js';
import {useTroubleshoot} from './use-troubleshoot.js';

export type TroubleshootViewProps = {
	services: Services;
	theme: Theme;
	isActive: boolean;
	width: number;
	height: number;
	onClose: () => void;
};

/**
 * Troubleshoot (`!` from any step): paste a failing go command's output, or type the go command, and get gotune
 * explain's answer with its evidence; a fix that is a setting goes through the same confirmation and journal as the
 * steps' changes, then the command runs again as proof.
 */
export function TroubleshootView({services, theme, isActive, width, height, onClose}: TroubleshootViewProps) {
	const {state, answer} = useTroubleshoot({services, isActive, onClose});
	return (
		<Box flexDirection="column" width={width}>
			<StepTitle name="Troubleshoot" about="what went wrong in a go command, and the fix" theme={theme} width={width} />
			<Body state={state} theme={theme} isActive={isActive} height={height} answer={answer} />
		</Box>
	);
}

function Body({
	state,
	theme,
	isActive,
	height,
	answer,
}: {
	state: TroubleshootState;
	theme: Theme;
	isActive: boolean;
	height: number;
	answer: (yes: boolean) => void;
}) {
	const hint = (text: string) => (
		<Text dimColor wrap="truncate-end">
			{text}
		</Text>
	);
	switch (state.phase) {
		case 'input':
			return (
				<Box flexDirection="column">
					<Text wrap="wrap">Paste go&apos;s output, or type a go command to run (go build ./...).</Text>
					{/* No border: the step's viewport clips a long paste, and a clipped box would lose its bottom edge. */}
					<Box flexDirection="column" paddingLeft={2}>
						<TextArea
							value={state.text.value}
							cursor={state.text.cursor}
							focus={isActive}
							placeholder="go: ... (paste here)"
							maxLines={Math.max(1, height - 6)}
						/>
					</Box>
					{hint(['Ctrl-D explain (a go command: run it)', 'Enter new line', 'Esc back to the step'].join(theme.separator))}
				</Box>
			);
		case 'running':
		case 'applying':
			return (
				<Box flexDirection="column">
					<Text wrap="wrap">
						{state.phase === 'applying'
							? `Applying the fix${state.answer?.ran ? ', then running the command again' : ''}…`
							: state.running
								? `Running ${state.running}…`
								: 'Explaining…'}
					</Text>
					{state.output.map((line, index) => (
						<Text key={index} dimColor wrap="truncate-end">
							{line}
						</Text>
					))}
					{hint('Ctrl-C quits gotune')}
				</Box>
			);
		case 'failed':
			return (
				<Box flexDirection="column">
					<Text color="red" wrap="wrap">
						{state.error}
					</Text>
					{hint('Esc edit')}
				</Box>
			);
		case 'answer':
		case 'done':
			return <Answer state={state} theme={theme} isActive={isActive} answer={answer} hint={hint} />;
	}
}

function Answer({
	state,
	theme,
	isActive,
	answer,
	hint,
}: {
	state: TroubleshootState;
	theme: Theme;
	isActive: boolean;
	answer: (yes: boolean) => void;
	hint: (text: string) => React.JSX.Element;
}) {
	const explained = state.answer!;
	const {problems, unrecognised} = explained.explanation;
	const asking = asksToApply(state);
	return (
		<Box flexDirection="column">
			{explained.ran ? <Text wrap="wrap">{`${explained.ran.args.join(' ')} exited with ${explained.ran.exitCode}`}</Text> : null}
			{explained.noGo ? (
				<Text color="yellow" wrap="wrap">
					no go command found: the settings in force could not be checked
				</Text>
			) : null}
			{problems.length === 0 && unrecognised.length === 0 ? (
				<Text wrap="wrap">{explained.ran?.exitCode === 0 ? 'go succeeded: nothing to explain' : 'Nothing to explain.'}</Text>
			) : null}
			{problems.map((problem, index) => (
				<ProblemLines key={index} problem={problem} index={index} />
			))}
			{unrecognised.length > 0 ? (
				<Box flexDirection="column">
					<Text
						bold
						wrap="wrap"
					>{`Not recognised (${unrecognised.length} line${unrecognised.length === 1 ? '' : 's'}; gotune does not guess):`}</Text>
					{unrecognised.slice(0, 5).map((line, index) => (
						<Text key={index} dimColor wrap="truncate-end">
							{`  ${line}`}
						</Text>
					))}
					{unrecognised.length > 5 ? <Text dimColor>{`  … ${unrecognised.length - 5} more`}</Text> : null}
				</Box>
			) : null}
			{explained.manual.length > 0 ? (
				<Text wrap="wrap">{`Left to you (gotune does not run these): ${explained.manual.join('; ')}`}</Text>
			) : null}
			{state.phase === 'done' && state.result ? <Outcome state={state} /> : null}
			{asking ? (
				<Confirmation
					question={`Apply ${explained.changes.join(', ')} through the journal (one change set)${explained.ran ? ', then run the command again as proof' : ''}?`}
					theme={theme}
					isActive={isActive}
					onAnswer={answer}
					yes="apply"
					no="not now"
				/>
			) : (
				<>
					{state.declined ? <Text wrap="wrap">Not applied; nothing was written.</Text> : null}
					{hint('Esc edit')}
				</>
			)}
		</Box>
	);
}

function ProblemLines({problem, index}: {problem: Problem; index: number}) {
	const fix = problem.fix.kind === 'command' ? [problem.fix.command] : problem.fix.changes.map(change => change.command);
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text bold wrap="wrap">{`${index + 1}. ${problem.summary}`}</Text>
			{/* Indented 3 under the summary; a long line (go's URLs) wraps under itself, not at the left edge. */}
			<Box flexDirection="column" paddingLeft={3}>
				{problem.evidence.map((line, at) => (
					<Text key={at} dimColor wrap="wrap">
						{line.replace(/\t/g, '    ')}
					</Text>
				))}
				{fix.map((command, at) => (
					<Text key={at} color="green" wrap="wrap">
						{`Fix: ${command}`}
					</Text>
				))}
				{problem.fix.note ? <Text dimColor wrap="wrap">{`(${problem.fix.note})`}</Text> : null}
			</Box>
		</Box>
	);
}

function Outcome({state}: {state: TroubleshootState}) {
	const {result} = state;
	if (!result) return null;
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text color="green" wrap="wrap">
				{result.changeSet
					? `Applied change set #${result.changeSet}. Undo: gotune rollback --last`
					: 'Nothing to change: the GOENV file already says so.'}
			</Text>
			{result.proof ? (
				<Text color={result.proof.ok ? 'green' : 'red'} wrap="wrap">
					{result.proof.ok
						? `Proof: ${result.proof.args.join(' ')} succeeded after the fix.`
						: `Proof failed: ${result.proof.args.join(' ')} still exits ${result.proof.exitCode}; the change stays (gotune rollback --last undoes it).`}
				</Text>
			) : null}
			{state.output.map((line, index) => (
				<Text key={index} dimColor wrap="truncate-end">
					{line}
				</Text>
			))}
		</Box>
	);
}
