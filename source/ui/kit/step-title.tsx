import {Text} from 'ink';
import type {Theme} from '../theme.js';

/**
 * A step's first line: its name and what it is about, like every step shows ("Module · go.mod, go.work and …").
 * Wrapped, not cut: the step's viewport gives it the rows it needs (at 60 columns "…and what checks them" was lost).
 */
export function StepTitle({name, about, theme}: {name: string; about: string; theme: Theme}) {
	return (
		<Text bold wrap="wrap">
			{name}
			{theme.separator}
			{about}
		</Text>
	);
}
