import {Box, Text} from 'ink';
import path from 'node:path';
import {BusyLine, Confirmation, FailedBlock, KeyHints, ProgressBar, SelectList, type KeyBinding} from '../../kit/index.js';
import {STATUS_COLOR, type Theme} from '../../theme.js';
import type {InstallEvent} from '../../../core/install/events.js';
import type {InstallUi} from './install-model.js';
import type {ToolchainAction} from './model.js';
import {planRows, resultRows} from './install-lines.js';

type Props = {
	install: InstallUi;
	reason: string | undefined;
	theme: Theme;
	width: number;
	height: number;
	isActive: boolean;
	/** The model's keys in this phase (toolchainBindings): the hint row and the help overlay show them. */
	bindings: ReadonlyArray<KeyBinding<ToolchainAction>>;
};

/** The install action inside the Toolchain step: pick a release, see the plan, confirm, watch it, see the result. */
export function InstallPanel({install, reason, theme, width, height, isActive, bindings}: Props) {
	const hints = <KeyHints bindings={bindings} theme={theme} />;
	switch (install.phase) {
		case 'releases':
			return (
				<Box flexDirection="column">
					<BusyLine what="Reading the Go release list from https://go.dev/dl/" waitingFor="go.dev to answer" theme={theme} />
					{hints}
				</Box>
			);
		case 'choose':
			return (
				<Box flexDirection="column">
					<Text wrap="wrap">Install Go{reason ? ` (${reason})` : ''}: pick a release</Text>
					<SelectList
						items={install.choices.map(choice => ({id: choice.version, label: `${choice.version.padEnd(10)} ${choice.note}`}))}
						selected={install.selected}
						theme={theme}
						height={Math.max(3, height - 3)}
						width={width}
						isFocused={isActive}
					/>
					{hints}
				</Box>
			);
		case 'planning':
			return (
				<Box flexDirection="column">
					<BusyLine what={`Planning the install of ${install.input.version}`} waitingFor="the release index" theme={theme} />
					{hints}
				</Box>
			);
		case 'confirm':
			return (
				<Box flexDirection="column">
					{planRows(install.plan).map((row, index) => (
						<Text key={index} wrap="wrap" color={row.startsWith('!') ? STATUS_COLOR.warn : undefined}>
							{row}
						</Text>
					))}
					<Confirmation
						question={`Install ${install.plan.release.version} at ${install.plan.prefix}?`}
						theme={theme}
						// Shown only: y and n are the model's bindings (installBindings), judged in order ("yy" installs once).
						isActive={false}
						onAnswer={() => undefined}
						yes="download and install"
						no="back"
					/>
				</Box>
			);
		case 'installing': {
			const event = install.event;
			// Rate and ETA from the events' own times (the reducer keeps when this kind of work started).
			const startedAt = install.startedAt ?? 0;
			const now = install.at ?? startedAt;
			return (
				<Box flexDirection="column">
					<Text wrap="wrap">
						Installing {install.plan.release.version} at {install.plan.prefix}
					</Text>
					{event?.kind === 'download' ? (
						<ProgressBar
							label={`Downloading ${path.basename(new URL(event.url).pathname)}`}
							done={event.bytes}
							total={event.total}
							unit="bytes"
							startedAt={startedAt}
							now={now}
							theme={theme}
							width={width}
						/>
					) : event?.kind === 'extract' ? (
						<ProgressBar
							label={`Extracting (${event.files} files)`}
							done={event.read}
							total={event.total}
							unit="bytes"
							startedAt={startedAt}
							now={now}
							theme={theme}
							width={width}
						/>
					) : (
						<BusyLine what={busyText(event)} theme={theme} />
					)}
					<Text dimColor wrap="wrap">
						Esc cancels: nothing is left behind, and nothing at {install.plan.prefix} changes before the archive is verified.
					</Text>
				</Box>
			);
		}
		case 'done':
			return (
				<Box flexDirection="column">
					{resultRows(install.plan, install.result).map((row, index) => (
						<Text key={index} wrap="wrap" color={index === 0 ? STATUS_COLOR.ok : row.startsWith('!') ? STATUS_COLOR.warn : undefined}>
							{row}
						</Text>
					))}
					{hints}
				</Box>
			);
		case 'failed':
			return <FailedBlock message={install.message} theme={theme} hints={hints} />;
	}
}

function busyText(event: InstallEvent | undefined): string {
	switch (event?.kind) {
		case 'verify':
			return 'Checking the SHA-256 checksum';
		case 'sumdb':
			return `Verifying the toolchain with the checksum database ${event.name}`;
		case 'journal':
			return `Putting it in place (step ${event.progress.step} of ${event.progress.of}, through the journal)`;
		case 'check':
			return `Running ${event.goBin} version`;
		case 'index':
			return 'Reading the release index';
		default:
			return 'Starting the download';
	}
}
