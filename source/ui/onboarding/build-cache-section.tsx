import {Box, Text} from 'ink';
import {MIN_GO} from '../../core/cache/share/client.js';
import {planRows} from '../../core/cache/share/plan-lines.js';
import {maskSecrets} from '../../core/mask.js';
import {PlanRows} from '../kit/plan-rows.js';
import {FailedBlock} from '../kit/failed-block.js';
import type {BuildCacheCheck} from '../services/team-profile.js';
import {STATUS_COLOR, type Theme} from '../theme.js';
import {Line, useFrame} from './sections.js';

/**
 * The profile's shared build cache (its buildCache, issue 23) on the onboarding screen: the server and whether it
 * answers go-tool-cache's protocol (checked for real), the client pinned, the go version it needs, and what applying
 * writes (GOCACHEPROG in the GOENV file, the client in GOBIN). Credentials are masked. Lines wrap whole.
 */
export function BuildCacheSection({check, server, theme}: {check: BuildCacheCheck | undefined; server: string; theme: Theme}) {
	const frame = useFrame(theme, check === undefined);
	const shown = maskSecrets(server);
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				Shared build cache (buildCache)
			</Text>
			{check === undefined ? (
				<Text
					dimColor
				>{`  ${frame} checking: the go version, then whether ${shown} answers go-tool-cache's protocol (up to 5 s)${theme.ellipsis}`}</Text>
			) : (
				<CheckLines check={check} theme={theme} />
			)}
		</Box>
	);
}

function CheckLines({check, theme}: {check: BuildCacheCheck; theme: Theme}) {
	const ok = (text: string) => <Line indent={2} color={STATUS_COLOR.ok}>{`${theme.status.ok} ${text}`}</Line>;
	if (check.kind === 'old-go')
		return (
			<Box flexDirection="column">
				<Line indent={2} color={STATUS_COLOR.warn}>
					{`${theme.status.warn} the go in use is ${check.goVersion}: a shared build cache needs GOCACHEPROG, which is ${MIN_GO.label} and later; not set up (the rest is applied without it)`}
				</Line>
				<Line indent={4}>
					{`upgrade: the Toolchain step (next) installs a newer Go (i) or switches to one you have (g); then h in the Cache step sets up ${maskSecrets(check.server)}`}
				</Line>
			</Box>
		);
	if (check.kind === 'problem')
		return (
			<Box flexDirection="column">
				<Line indent={2} color={STATUS_COLOR.error}>{`${theme.status.error} not set up: ${maskSecrets(check.problem)}`}</Line>
				<Line indent={4}>
					Enter applies the rest without it; once the server answers, h in the Cache step (or gotune apply) sets it up.
				</Line>
			</Box>
		);
	const {plan} = check;
	const arrow = theme.ascii ? '->' : '→';
	// The check answered (a plan is ready only then): how long its round trip took.
	const ms = plan.serverCheck.ok ? `${plan.serverCheck.ms} ms` : 'checked';
	if (check.inPlace)
		return ok(`already set up: GOCACHEPROG runs ${plan.client.binary} ${arrow} ${plan.serverCheck.server} (answers, ${ms})`);
	// The very rows of the Cache step and gotune cache share (server, client, GOENV, token, local disk, the down and
	// slow caveats): written once, in core.
	return (
		<Box flexDirection="column">
			{ok(`${plan.goVersion} has GOCACHEPROG (${MIN_GO.label} and later)`)}
			<PlanRows rows={planRows(plan)} indent={2} />
			{check.goenvFile ? <Line indent={2} dim>{`the GOENV file: ${check.goenvFile}`}</Line> : null}
			{plan.shadowedByEnvironment ? (
				<Line indent={2} color={STATUS_COLOR.warn}>
					{`${theme.status.warn} the OS environment sets GOCACHEPROG, which overrides the file: unset it in your shell start-up file`}
				</Line>
			) : null}
			<Line indent={2} dim>
				Enter sets it up in the same change set as the keys; undo (u in the Rollback log) removes both.
			</Line>
		</Box>
	);
}

/** While the profile is applied: what runs now (a tool's build, go install of the cache client), and that Esc cancels. */
export function ApplyingView({doing, cancellable, theme}: {doing: string | undefined; cancellable: boolean; theme: Theme}) {
	const frame = useFrame(theme, true);
	return (
		<Box flexDirection="column">
			<Title theme={theme}>applying</Title>
			<Text>
				<Text color="cyan">{frame}</Text>
				{` Applying the team profile: ${doing ?? 'starting'}${theme.ellipsis}`}
			</Text>
			{cancellable ? <Text dimColor>Esc cancels: nothing is changed until the journal writes.</Text> : null}
		</Box>
	);
}

/** Applying failed: go's error (or the server's), that nothing was written, and the keys. */
export function ApplyFailed({message, theme}: {message: string; theme: Theme}) {
	return (
		<Box flexDirection="column">
			<Title theme={theme}>not applied</Title>
			<FailedBlock
				message={`Not applied: ${maskSecrets(message)}`}
				theme={theme}
				hints={
					<Text wrap="wrap" dimColor>
						Nothing was written. Fix what go says (often GOPROXY or the network: gotune route MODULE shows where go fetches a module), then
						Enter: back to the plan to try again or leave keys out; s: go on without the profile.
					</Text>
				}
			/>
		</Box>
	);
}

/** The screen's title row, like the applied screen's: the shell's layout shows it at the top of the step box. */
function Title({theme, children}: {theme: Theme; children: string}) {
	return (
		<Text bold wrap="truncate-end">
			Team profile{theme.separator}
			{children}
		</Text>
	);
}
