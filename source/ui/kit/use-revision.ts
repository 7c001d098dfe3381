import {useEffect, useRef} from 'react';

/**
 * Calls ONCHANGE each time REVISION (StepViewProps.revision) goes up after the first render: what the step shows may
 * be stale, re-check it. Not on mount: the step's first check is its own.
 */
export function useOnRevision(revision: number | undefined, onChange: () => void): void {
	const seen = useRef(revision);
	useEffect(() => {
		if (revision === seen.current) return;
		seen.current = revision;
		onChange();
	}, [revision, onChange]);
}
