import {Box, Text} from 'ink';
import {Fragment} from 'react';
import type {Theme} from '../theme.js';

type Props = {
	titles: string[];
	current: number;
	theme: Theme;
	sandbox?: string;
};

/** Brackets mark the current step as well as the colour does, so it reads the same with NO_COLOR. */
export function Header({titles, current, theme, sandbox}: Props) {
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text bold>gotune </Text>
				{titles.map((title, index) => (
					<Fragment key={title}>
						{index > 0 ? <Text dimColor>{theme.separator}</Text> : null}
						{index === current ? (
							<Text bold color="cyan">
								[{index + 1} {title}]
							</Text>
						) : (
							<Text dimColor={index > current}>
								{index + 1} {title}
							</Text>
						)}
					</Fragment>
				))}
			</Text>
			{sandbox === undefined ? null : (
				<Text wrap="truncate-middle">
					<Text bold inverse color="yellow">
						{' '}
						SANDBOX{' '}
					</Text>
					<Text color="yellow"> {sandbox}</Text>
				</Text>
			)}
		</Box>
	);
}

export function headerHeight(sandbox: string | undefined): number {
	return sandbox === undefined ? 1 : 2;
}
