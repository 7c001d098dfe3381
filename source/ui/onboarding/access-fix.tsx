import {Box, Text} from 'ink';
import {useCallback, useEffect, useMemo} from 'react';
import {maskSecrets} from '../../core/mask.js';
import {SelectList} from '../kit/select-list.js';
import {TextField} from '../kit/text-field.js';
import {useStep} from '../kit/use-step.js';
import type {TeamProfileServices} from '../services/team-profile.js';
import type {AccessRow} from '../services/team-profile.js';
import {STATUS_COLOR, type Theme} from '../theme.js';
import {accessFixModel, initialAccessFixState, type AccessFixTasks} from './access-fix-model.js';

type Props = {
	services: TeamProfileServices;
	theme: Theme;
	isActive: boolean;
	width: number;
	/** The team profile's env (its private patterns) and the failing hosts that have a fix. */
	env: Record<string, string>;
	hosts: string[];
	captureKeys?: (capture: boolean) => void;
	/** Back to the onboarding, with the host's row checked again when a fix was applied. */
	onDone: (row: AccessRow | undefined) => void;
};

/** `f` on a failing private host: its fix, asked and applied here (access-fix-model.ts has the behaviour). */
export function AccessFix({services, theme, isActive, width, env, hosts, captureKeys, onDone}: Props) {
	const team = services.teamProfile;
	const tasks = useMemo<AccessFixTasks>(
		() => ({preview: team.fixPreview, stage: team.fixStage, apply: team.fixApply, forget: token => team.fixForget(token)}),
		[team],
	);
	const init = useCallback(() => initialAccessFixState(env, hosts), [env, hosts]);
	const {state} = useStep(accessFixModel, tasks, init, {isActive, ...(captureKeys ? {captureKeys} : {})});
	// Closed (the model's next): back to the onboarding with the host's row checked again.
	const {closed, row} = state;
	useEffect(() => {
		if (closed) onDone(row);
	}, [closed, row, onDone]);
	const {screen} = state;
	const sep = theme.separator;
	const dim = (text: string) => <Text dimColor>{text}</Text>;
	const lines = (shown: string[]) => shown.map((line, i) => <Text key={i}>{`  ${maskSecrets(line)}`}</Text>);
	const serves = (text: string) => <Text dimColor>{`Reaches: ${text}`}</Text>;
	const warnings = (list: string[]) =>
		list.map((w, i) => <Text key={`w${i}`} color={STATUS_COLOR.warn}>{`${theme.status.warn} ${maskSecrets(w)}`}</Text>);
	const title = (host: string, kind?: string) => (
		<Text bold wrap="truncate-end">
			{`Private access${sep}fix ${host}${kind ? ` (--fix ${kind})` : ''}`}
		</Text>
	);
	let body;
	switch (screen.kind) {
		case 'choose':
			body = (
				<>
					<Text bold wrap="truncate-end">{`Private access${sep}fix a host`}</Text>
					{dim(`Enter: fix the chosen host${sep}Esc: back`)}
					{/* The kit's list (❯, > under --ascii); the model owns the cursor and the keys. */}
					<SelectList
						items={screen.hosts.map(host => ({id: host, label: host}))}
						selected={isActive ? screen.cursor : -1}
						theme={theme}
						width={width}
						isFocused={isActive}
					/>
				</>
			);
			break;
		case 'preview':
			body = (
				<>
					{title(screen.host)}
					{dim(`Checking ${screen.host} and planning its fix${theme.ellipsis}`)}
				</>
			);
			break;
		case 'not-offered':
			body = (
				<>
					{title(screen.host)}
					<Text
						color={STATUS_COLOR.warn}
					>{`${theme.status.warn} No fix gotune can apply reaches this request: ${maskSecrets(screen.why)}`}</Text>
					{dim('Enter: back')}
				</>
			);
			break;
		case 'user':
		case 'password':
		case 'staging': {
			const {preview} = screen;
			// The fields and keys first, so they stay on screen at 60x20; what the fix writes follows (the viewport scrolls it).
			body = (
				<>
					{title(preview.host, preview.kind)}
					{screen.kind === 'staging' ? (
						dim(`Planning the change${theme.ellipsis}`)
					) : (
						<>
							<Text>
								{'User name: '}
								{screen.kind === 'user' ? (
									<TextField value={screen.user.value} cursor={screen.user.cursor} focus={isActive} placeholder="NAME" />
								) : (
									screen.user
								)}
							</Text>
							{screen.kind === 'password' ? (
								<Text>
									{'Password or token (not shown): '}
									<TextField value={screen.password.value} cursor={screen.password.cursor} focus={isActive} mask="*" />
								</Text>
							) : null}
							{screen.problem ? <Text color={STATUS_COLOR.error}>{`${theme.status.error} ${screen.problem}`}</Text> : null}
							{dim(`Enter: next${sep}Esc: back (nothing is written before you say y)`)}
						</>
					)}
					{dim('It writes (the password as ********):')}
					{lines(preview.shown)}
					{serves(preview.serves)}
					{warnings(preview.warnings)}
				</>
			);
			break;
		}
		case 'confirm':
		case 'applying':
			body = (
				<>
					{title(screen.staged.host, screen.staged.kind)}
					{screen.kind === 'confirm' ? (
						<Text bold>Apply this change? y/N</Text>
					) : (
						dim(`Applying, then checking ${screen.staged.host} again and downloading its module with go${theme.ellipsis}`)
					)}
					{dim('It writes (the password as ********), as one change set in the journal:')}
					{lines(screen.staged.shown)}
					{serves(screen.staged.serves)}
					{warnings(screen.staged.warnings)}
				</>
			);
			break;
		case 'done': {
			const {outcome, staged} = screen;
			const {download} = outcome;
			body = (
				<>
					{title(staged.host, staged.kind)}
					<Text color={STATUS_COLOR.ok}>
						{outcome.changeSet
							? `${theme.status.ok} Applied change set #${outcome.changeSet.id}. Undo: u in the Rollback log panel, or gotune rollback --to ${outcome.changeSet.id}`
							: `${theme.status.ok} Nothing left to change.`}
					</Text>
					<Text color={STATUS_COLOR[outcome.row.status]}>{`${theme.status[outcome.row.status]} ${maskSecrets(outcome.row.words)}`}</Text>
					<Text color={download.ok ? STATUS_COLOR.ok : STATUS_COLOR.error}>
						{download.ok
							? `${theme.status.ok} go mod download ${download.module}@latest passed (${(download.durationMs / 1000).toFixed(1)} s)`
							: `${theme.status.error} go mod download ${download.module}@latest failed:`}
					</Text>
					{download.lines.map((line, i) => (
						<Text key={i}>{`  ${line}`}</Text>
					))}
					{dim('Enter: back to the team profile')}
				</>
			);
			break;
		}
		case 'declined':
			body = dim('Not applied; nothing was written.');
			break;
		case 'failed':
			body = (
				<>
					<Text color={STATUS_COLOR.error} bold>{`${theme.status.error} ${screen.title}`}</Text>
					<Text>{maskSecrets(screen.message)}</Text>
					{dim('Enter: back')}
				</>
			);
			break;
	}
	return (
		<Box flexDirection="column" width={width}>
			{body}
		</Box>
	);
}
