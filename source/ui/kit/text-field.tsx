import {Text} from 'ink';

type Props = {
	value: string;
	cursor: number;
	focus: boolean;
	placeholder?: string;
	/** A masked field (a password): each character is drawn as MASK; the value itself is never drawn. */
	mask?: string;
};

/**
 * A text field's look: the value with an inverse cursor cell. Presentational: the step's reducer owns value and
 * cursor (editText) and gets the keys from useKeys(..., {text: true}), so pasted text arrives whole. With MASK (one
 * character) the field draws MASK per character typed, never the value.
 */
export function TextField({value: typed, cursor, focus, placeholder, mask}: Props) {
	const value = mask === undefined ? typed : mask.repeat(typed.length);
	if (value === '') {
		if (!focus) return <Text dimColor>{placeholder ?? ''}</Text>;
		return (
			<Text>
				<Text inverse>{placeholder?.[0] ?? ' '}</Text>
				<Text dimColor>{placeholder?.slice(1) ?? ''}</Text>
			</Text>
		);
	}
	if (!focus) return <Text>{value}</Text>;
	const at = Math.max(0, Math.min(cursor, value.length));
	return (
		<Text>
			{value.slice(0, at)}
			<Text inverse>{value[at] ?? ' '}</Text>
			{value.slice(at + 1)}
		</Text>
	);
}
