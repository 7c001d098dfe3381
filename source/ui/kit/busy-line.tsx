import {Text} from 'ink';
import Spinner from 'ink-spinner';
import {useEffect, useState} from 'react';
import {formatDuration} from '../../text/units.js';
import type {Theme} from '../theme.js';

type Props = {
	what: string;
	theme: Theme;
	/** After `slowAfterMs` the line says how long it has waited and, if given, for what (never a silent spinner). */
	waitingFor?: string;
	slowAfterMs?: number;
};

/** A spinner and what is being done; after a few seconds, how long and what for. */
export function BusyLine({what, theme, waitingFor, slowAfterMs = 3000}: Props) {
	const [started] = useState(() => Date.now());
	const [elapsed, setElapsed] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => setElapsed(Date.now() - started), 1000);
		return () => clearInterval(timer);
	}, [started]);
	const slow = elapsed >= slowAfterMs;
	return (
		<Text wrap="wrap">
			<Text color="cyan">
				<Spinner type={theme.spinner} />
			</Text>{' '}
			{what}
			{theme.ellipsis}
			{slow ? (
				<Text dimColor>
					{' '}
					{formatDuration(elapsed)}
					{waitingFor ? `, still waiting for ${waitingFor}` : ''}
				</Text>
			) : null}
		</Text>
	);
}
