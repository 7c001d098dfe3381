import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import type {ChangeSet} from '../../core/journal/contract.js';
import type {Measurements} from '../measurements.js';
import type {Services} from '../services.js';
import type {Theme} from '../theme.js';
import {finishSections} from './finish-lines.js';

type Props = {
	services: Services;
	measurements: Measurements;
	theme: Theme;
	width: number;
	/** StepViewProps.revision: the journal is read again when it changes (an undo from the rollback log). */
	revision: number;
};

/**
 * The wizard's last screen, reached with Enter on the last step: what this run changed and how to undo it, what was
 * measured, what still needs attention, and the same changes as headless commands. Drawn in the step's box; the
 * shell's viewport scrolls it and its footer has the keys (Enter quits, Esc goes back).
 */
export function FinishScreen({services, measurements, theme, width, revision}: Props) {
	const [sets, setSets] = useState<ChangeSet[] | undefined>(undefined);
	const [failed, setFailed] = useState<string | undefined>(undefined);
	useEffect(() => {
		let live = true;
		services.journal.list().then(
			all => live && setSets(services.journal.fromThisRun(all)),
			(error: Error) => live && setFailed(error.message),
		);
		return () => {
			live = false;
		};
	}, [services, revision]);
	const sections = finishSections({
		sets: sets ?? [],
		measurements,
		checks: services.toolchain.latest()?.checks ?? [],
		theme,
	});
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate-end">
				Finish{theme.separator}what this run did
			</Text>
			{failed === undefined ? null : (
				<Text color="red" wrap="wrap">
					{theme.status.error} The journal could not be read: {failed}
				</Text>
			)}
			{sections.map(section => (
				<Box key={section.title} flexDirection="column" marginTop={1}>
					<Text bold wrap="truncate-end">
						{section.title}
					</Text>
					{section.title === 'What changed' && sets === undefined && failed === undefined ? (
						<Text dimColor>Reading the journal…</Text>
					) : (
						section.lines.map((line, index) => {
							// A line's leading spaces are its indent: a long value wraps under itself, not at the left edge.
							const indent = line.length - line.trimStart().length;
							return (
								<Box key={index} paddingLeft={indent}>
									<Text wrap="wrap">{line.slice(indent)}</Text>
								</Box>
							);
						})
					)}
				</Box>
			))}
		</Box>
	);
}
