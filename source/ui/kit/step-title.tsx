import {Text} from 'ink';
import type {Theme} from '../theme.js';

/** A step's first line: its name and what it is about, like every step shows ("Module · go.mod, go.work and …"). */
export function StepTitle({name, about, theme}: {name: string; about: string; theme: Theme}) {
	return (
		<Text bold wrap="truncate-end">
			{name}
			{theme.separator}
			{about}
		</Text>
	);
}
