import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {maskSecrets} from '../../core/mask.js';
import type {GoRequirement} from '../../core/profile/go-requirement.js';
import type {SettingProblem} from '../../core/profile/lint.js';
import type {AccessRow, BuildOutcome} from '../services/team-profile.js';
import {STATUS_COLOR, type Theme} from '../theme.js';

/**
 * The onboarding's sections under the settings: Go version, lint problems, private access per host, the build.
 * Every line wraps whole (nothing cut at 80 columns); the viewport around the view scrolls what does not fit.
 */

// Frames drawn here rather than with ink-spinner: the onboarding is the first screen, and ink-spinner (31 KB of
// spinners) is kept off it (see ui/kit/index.ts).
const FRAMES = {unicode: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'], ascii: ['-', '\\', '|', '/']};

export function useFrame(theme: Theme, on: boolean): string {
	const frames = theme.ascii ? FRAMES.ascii : FRAMES.unicode;
	const [index, setIndex] = useState(0);
	useEffect(() => {
		if (!on) return;
		const timer = setInterval(() => setIndex(i => i + 1), 120);
		return () => clearInterval(timer);
	}, [on]);
	return frames[index % frames.length]!;
}

/** A line indented by INDENT columns whose wrapped rows keep the indent (leading spaces would not). */
export function Line({indent, color, dim, children}: {indent: number; color?: string | undefined; dim?: boolean; children: string}) {
	return (
		<Box paddingLeft={indent}>
			<Text color={color} dimColor={dim}>
				{children}
			</Text>
		</Box>
	);
}

function Heading({children}: {children: string}) {
	return (
		<Text bold wrap="truncate-end">
			{children}
		</Text>
	);
}

/** go.minVersion / go.toolchain against the go that runs, with the command that installs or switches. */
export function GoSection({requirements, theme}: {requirements: GoRequirement[] | undefined; theme: Theme}) {
	if (requirements === undefined) return <Text dimColor>Go: asking go version{theme.ellipsis}</Text>;
	if (requirements.length === 0) return null;
	return (
		<Box flexDirection="column">
			<Heading>Go version</Heading>
			{requirements.map(r => (
				<Box key={r.kind} flexDirection="column">
					<Line indent={2} color={r.ok === true ? STATUS_COLOR.ok : STATUS_COLOR.warn}>
						{`${r.ok === true ? theme.status.ok : theme.status.warn} ${r.message}`}
					</Line>
					{r.fix ? <Line indent={4}>{`install or switch: ${r.fix} (or i in the Toolchain step)`}</Line> : null}
				</Box>
			))}
		</Box>
	);
}

/** The profile's lint problems; errors of chosen keys block applying, and the line says how to fix them or leave the key out. */
export function LintSection({
	problems,
	blocking: errors,
	file,
	theme,
}: {
	problems: SettingProblem[];
	blocking: number;
	file: string;
	theme: Theme;
}) {
	if (problems.length === 0) return null;
	return (
		<Box flexDirection="column">
			<Heading>{`Profile problems (${problems.length})`}</Heading>
			{problems.map(p => (
				<Line key={`${p.key}${p.message}`} indent={2} color={p.severity === 'error' ? STATUS_COLOR.error : STATUS_COLOR.warn}>
					{`${p.severity === 'error' ? theme.status.error : theme.status.warn} ${p.key}: ${maskSecrets(p.message)}`}
				</Line>
			))}
			{errors > 0 ? (
				<Line indent={2} color={STATUS_COLOR.error}>
					{`${errors === 1 ? 'This error blocks' : `These ${errors} errors block`} applying: fix ${file} (gotune profile check ${file} shows line and column) and run gotune again, or leave the key out (Space).`}
				</Line>
			) : null}
		</Box>
	);
}

export type AccessView = {hosts?: string[]; results: Record<string, AccessRow>; failed?: string};

/** One row per private host: a spinner while checked, then ok, or the problem in plain words and the fix to run. */
export function AccessSection({access, theme}: {access: AccessView; theme: Theme}) {
	const checking = access.hosts !== undefined && access.hosts.some(h => access.results[h] === undefined) && !access.failed;
	const frame = useFrame(theme, checking || access.hosts === undefined);
	return (
		<Box flexDirection="column">
			<Heading>Private modules (GOPRIVATE)</Heading>
			{access.failed ? (
				<Line indent={2} color={STATUS_COLOR.warn}>{`${theme.status.warn} not checked: ${maskSecrets(access.failed)}`}</Line>
			) : null}
			{access.hosts === undefined && !access.failed ? (
				<Text dimColor>{`  ${frame} finding the private hosts${theme.ellipsis}`}</Text>
			) : null}
			{access.hosts?.length === 0 ? (
				<Line indent={2} dim>
					{"no module of this repository matches the profile's private patterns"}
				</Line>
			) : null}
			{(access.hosts ?? []).map(host => {
				const result = access.results[host];
				if (result === undefined)
					return (
						<Text key={host}>
							<Text color="cyan">{`  ${frame}`}</Text>
							{` checking ${host}${theme.ellipsis}`}
						</Text>
					);
				return <HostRow key={host} access={result} theme={theme} />;
			})}
		</Box>
	);
}

function HostRow({access, theme}: {access: AccessRow; theme: Theme}) {
	return (
		<Box flexDirection="column">
			<Line indent={2} color={STATUS_COLOR[access.status]}>{`${theme.status[access.status]} ${maskSecrets(access.words)}`}</Line>
			{access.fix ? <Line indent={4}>{`fix: ${maskSecrets(access.fix)}`}</Line> : null}
		</Box>
	);
}

/** The proof: go build ./... after applying; go's first error lines when it fails. */
export function BuildSection({build, theme}: {build: BuildOutcome | 'running' | {failed: string}; theme: Theme}) {
	const frame = useFrame(theme, build === 'running');
	if (build === 'running')
		return (
			<Text>
				<Text color="cyan">{frame}</Text>
				{` Proving it: go build ./...${theme.ellipsis}`}
			</Text>
		);
	if ('failed' in build)
		return <Text color={STATUS_COLOR.error}>{`${theme.status.error} go build ./... could not run: ${maskSecrets(build.failed)}`}</Text>;
	if (build.ok)
		return (
			<Text
				color={STATUS_COLOR.ok}
			>{`${theme.status.ok} go build ./... passed in ${build.dir} (${(build.durationMs / 1000).toFixed(1)} s)`}</Text>
		);
	return (
		<Box flexDirection="column">
			<Text color={STATUS_COLOR.error}>{`${theme.status.error} go build ./... failed in ${build.dir}; go says:`}</Text>
			{build.errorLines.map((line, i) => (
				<Line key={i} indent={4}>
					{line}
				</Line>
			))}
		</Box>
	);
}
