import {Box, Text} from 'ink';
import type {HintEntry} from '../kit/bindings.js';
import type {Theme} from '../theme.js';

type Section = {title: string; entries: HintEntry[]};

type Props = {
	/** The step's title, for its section. */
	step: string;
	sections: Section[];
	theme: Theme;
	width: number;
};

/**
 * The `?` overlay: every key that works right now, in two columns, drawn in the step's box in place of the step (which
 * stays mounted underneath). Made from the same bindings as the hint rows and the footer (hint-registry.tsx,
 * state/shell-keys.ts), so it lists nothing the screen does not offer. The viewport around it scrolls what does not fit.
 */
export function HelpOverlay({step, sections, theme, width}: Props) {
	const keyWidth = Math.min(14, Math.max(...sections.flatMap(section => section.entries.map(entry => entry.keys.length)), 3) + 2);
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate-end">
				Keys{theme.separator}
				{step}
			</Text>
			{sections
				.filter(section => section.entries.length > 0)
				.map(section => (
					<Box key={section.title} flexDirection="column" marginTop={1}>
						<Text bold wrap="truncate-end">
							{section.title}
						</Text>
						{section.entries.map(entry => (
							<Box key={`${entry.keys} ${entry.hint}`}>
								<Box width={keyWidth} flexShrink={0}>
									<Text color="cyan" wrap="truncate-end">
										{entry.keys}
									</Text>
								</Box>
								<Box width={Math.max(1, width - keyWidth)}>
									<Text wrap="wrap">{entry.hint}</Text>
								</Box>
							</Box>
						))}
					</Box>
				))}
			<Box marginTop={1}>
				<Text dimColor wrap="wrap">
					Esc or ? closes this help.
				</Text>
			</Box>
		</Box>
	);
}
