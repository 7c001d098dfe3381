import {Box, Text} from 'ink';
import {Fragment} from 'react';
import type {Theme} from '../theme.js';

type Props = {
	titles: string[];
	current: number;
	/** Steps finished (left with Enter): a ✓ (+ under --ascii) after their name. */
	done: number[];
	theme: Theme;
	columns: number;
	sandbox?: string;
};

type Form = {brand: boolean; names: boolean};

/** The longest form that fits: all names, then only the current step named (others by number) (the brand stays: it says which program this is). */
function formFor(titles: string[], current: number, done: number[], theme: Theme, columns: number): Form {
	const width = ({brand, names}: Form) =>
		(brand ? 'gotune '.length : 0) +
		titles.reduce(
			(sum, title, index) =>
				sum +
				(index > 0 ? theme.separator.length : 0) +
				String(index + 1).length +
				(names || index === current ? title.length + 1 : 0) +
				(index === current ? 2 : 0) +
				(done.includes(index) ? 1 + theme.done.length : 0),
			0,
		);
	const forms: Form[] = [
		{brand: true, names: true},
		{brand: true, names: false},
	];
	return forms.find(form => width(form) <= columns) ?? forms.at(-1)!;
}

/**
 * Brackets mark the current step as well as the colour does, so it reads the same with NO_COLOR; the number is the
 * key that jumps there.
 */
export function Header({titles, current, done, theme, columns, sandbox}: Props) {
	const {brand, names} = formFor(titles, current, done, theme, columns);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				{brand ? <Text bold>gotune </Text> : null}
				{titles.map((title, index) => {
					const mark = done.includes(index) ? <Text color="green"> {theme.done}</Text> : null;
					return (
						<Fragment key={title}>
							{index > 0 ? <Text dimColor>{theme.separator}</Text> : null}
							{index === current ? (
								<Text bold color="cyan">
									[{index + 1} {title}]
								</Text>
							) : (
								<Text dimColor={index > current && !done.includes(index)}>
									{index + 1}
									{names ? ` ${title}` : ''}
								</Text>
							)}
							{mark}
						</Fragment>
					);
				})}
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
