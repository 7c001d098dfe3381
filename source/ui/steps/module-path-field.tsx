import {Box, Text} from 'ink';
import TextInput from 'ink-text-input';
import type {PathVerdict} from '../../core/module/validate-path.js';
import {STATUS_COLOR, type Theme} from '../theme.js';

type Props = {
	value: string;
	onChange: (value: string) => void;
	onSubmit: (value: string) => void;
	verdict: PathVerdict;
	hint?: string;
	theme: Theme;
	focus: boolean;
};

/** The module-path text field with gotune's verdict under it, recomputed on every keystroke. */
export function ModulePathField({value, onChange, onSubmit, verdict, hint, theme, focus}: Props) {
	return (
		<Box flexDirection="column">
			<Box>
				<Text bold>Module path: </Text>
				<TextInput value={value} onChange={onChange} onSubmit={onSubmit} focus={focus} placeholder="example.com/you/project" />
			</Box>
			{hint ? <Text dimColor wrap="truncate-end">{hint}</Text> : null}
			{verdict.accepted ? (
				<Text color={STATUS_COLOR.ok}>{theme.status.ok} go mod init accepts this path</Text>
			) : (
				<Box flexDirection="column">
					<Text color={STATUS_COLOR.error} wrap="wrap">{theme.status.error} {verdict.explanation}</Text>
					<Text dimColor wrap="wrap">go says: {verdict.goMessage.split('\n')[0]}</Text>
					{verdict.suggestion ? <Text wrap="wrap">Try: {verdict.suggestion}</Text> : null}
				</Box>
			)}
			{verdict.warnings.map(w => (
				<Text key={w.id} color={STATUS_COLOR.warn} wrap="wrap">{theme.status.warn} {w.message}</Text>
			))}
		</Box>
	);
}
