import {Box, Text} from 'ink';
import {BusyLine, Confirmation, FailedBlock, KeyHints, SelectList, type KeyBinding} from '../../kit/index.js';
import {STATUS_COLOR, type Theme} from '../../theme.js';
import type {FoundGo} from '../../../core/toolchain.js';
import {hereText} from '../../../core/switch/policy-text.js';
import type {SwitchWork} from '../../services/switch.js';
import type {Row, Rows} from './switch-lines.js';
import type {ToolchainAction} from './model.js';
import {goName, type switchChoices, type SwitchUi} from './switch-model.js';

type Props = {
	ui: SwitchUi;
	choices: ReturnType<typeof switchChoices>;
	winner: FoundGo | undefined;
	theme: Theme;
	width: number;
	height: number;
	isActive: boolean;
	/** The model's keys in this phase (toolchainBindings): the hint row and the help overlay show them. */
	bindings: ReadonlyArray<KeyBinding<ToolchainAction>>;
};

/** The go commands found, with a cursor: use one (PATH), pin the project to it, or set the GOTOOLCHAIN policy. */
export function SwitchPanel({ui, choices, winner, theme, width, height, isActive, bindings}: Props) {
	const hints = <KeyHints bindings={bindings} theme={theme} />;
	switch (ui.phase) {
		case 'choose':
			return (
				<Box flexDirection="column">
					<Text wrap="truncate-end">Go commands found (newest first; * runs when you type go):</Text>
					{choices.length === 0 ? (
						<Text dimColor>none that answers go version: i installs Go</Text>
					) : (
						<SelectList
							items={choices.map(go => ({
								id: go.realPath,
								label: `${go.realPath === winner?.realPath ? '*' : ' '} ${goName(go.version).padEnd(10)} ${go.path}`,
							}))}
							selected={ui.selected}
							theme={theme}
							height={Math.max(3, height - 3)}
							width={width}
							isFocused={isActive}
						/>
					)}
					{hints}
				</Box>
			);
		case 'policy': {
			const {view} = ui.outcome;
			return (
				<Box flexDirection="column">
					<Text wrap="truncate-end">
						GOTOOLCHAIN={view.value} (from {view.source}); the installed go is {view.base}
					</Text>
					<SelectList
						items={view.options.map(o => ({id: o.value, label: `${o.value === view.value ? '*' : ' '} ${o.value}: ${o.meaning}`}))}
						selected={ui.selected}
						theme={theme}
						height={Math.max(3, height - 5)}
						width={width}
						isFocused={isActive}
					/>
					<Text wrap="truncate-end" color="cyan">
						{theme.pointer} {policyHere(ui)}
					</Text>
					{hints}
				</Box>
			);
		}
		case 'busy':
			return (
				<Box flexDirection="column">
					<BusyLine what={ui.progress?.text ?? busyText(ui.work)} waitingFor="go to answer" theme={theme} />
					{hints}
				</Box>
			);
		case 'confirm':
			return (
				<Box flexDirection="column">
					<RowList rows={ui.rows} room={height - 3} width={width} />
					<Confirmation
						question={ui.question}
						theme={theme}
						// Shown only: y and n are the model's bindings (switchBindings), judged in order ("yy" applies once).
						isActive={false}
						onAnswer={() => undefined}
						yes={ui.yes}
						no="back"
					/>
				</Box>
			);
		case 'done':
			return (
				<Box flexDirection="column">
					<RowList rows={ui.rows} room={height - 1} width={width} />
					{hints}
				</Box>
			);
		case 'failed':
			return <FailedBlock message={ui.message} theme={theme} hints={hints} />;
	}
}

/**
 * The rows, wrapped while they fit in ROOM terminal rows, the last one that does not fit cut at the edge, the rest
 * left out: the question and its keys below always stay on screen (at 60×20 too).
 */
function RowList({rows, room, width}: {rows: Rows; room: number; width: number}) {
	let left = Math.max(0, room);
	const shown: Array<Row & {cut: boolean}> = [];
	for (const row of rows) {
		if (left <= 0) break;
		const needs = Math.max(1, Math.ceil([...row.text].length / Math.max(1, width)));
		shown.push({...row, cut: needs > left});
		left -= Math.min(needs, left);
	}
	return (
		<>
			{shown.map((row, index) => (
				<Text
					key={index}
					wrap={row.cut ? 'truncate-end' : 'wrap'}
					dimColor={row.tone === 'dim'}
					color={
						row.tone === 'ok'
							? STATUS_COLOR.ok
							: row.tone === 'warn'
								? STATUS_COLOR.warn
								: row.tone === 'error'
									? STATUS_COLOR.error
									: undefined
					}
				>
					{row.text}
				</Text>
			))}
		</>
	);
}

function policyHere(ui: Extract<SwitchUi, {phase: 'policy'}>): string {
	const option = ui.outcome.view.options[ui.selected];
	return option ? `with ${option.value}, go ${hereText(option.here)}` : '';
}

function busyText(work: SwitchWork): string {
	switch (work.kind) {
		case 'use-plan':
			return `Planning the switch to ${work.what}`;
		case 'use-run':
			return `Writing the PATH block, then a new ${work.plan.startup.shell} runs go version`;
		case 'pin-plan':
			return `Reading go.mod for the pin to ${work.spec}`;
		case 'pin-run':
			return `Running go get ${work.plan.spec.argument}, then go version in the module`;
		case 'policy-view':
			return 'Reading GOTOOLCHAIN and what go would run here with each value';
		case 'policy-plan':
			return `Checking GOTOOLCHAIN=${work.value} with go`;
		case 'policy-run':
			return `Setting GOTOOLCHAIN=${work.value}, then go env GOTOOLCHAIN`;
	}
}
