import {useCallback, useEffect, useRef, useState} from 'react';
import type {Services} from '../services.js';

/** How often the files are looked at when nothing else prompts it (fs.watch misses changes on some filesystems). */
const POLL_MS = 1000;

/**
 * The one refresh model (issue 19 "never stale"): a number that goes up whenever the files behind what the steps show
 * change, whoever changed them (this run, the rollback log, another gotune, `go env -w` in another terminal). Each step
 * re-checks what it shows when it goes up. Looked at once a second, right after every key (`look`), and at once when
 * the journal's own watcher (fs.watch) fires; a fingerprint of a few stat calls decides, so the three never disagree
 * and a change is counted once.
 */
export function useSettingsRevision(services: Services): {revision: number; look: () => void} {
	const [revision, setRevision] = useState(0);
	const last = useRef<string | undefined>(undefined);
	const looking = useRef(false);
	const look = useCallback(() => {
		if (looking.current) return;
		looking.current = true;
		services.changes
			.fingerprint()
			.then(
				print => {
					if (last.current !== undefined && print !== last.current) setRevision(n => n + 1);
					last.current = print;
				},
				() => undefined,
			)
			.finally(() => {
				looking.current = false;
			});
	}, [services]);
	useEffect(() => {
		look();
		const timer = setInterval(look, POLL_MS);
		const stop = services.journal.watch(look);
		return () => {
			clearInterval(timer);
			stop();
		};
	}, [look, services]);
	return {revision, look};
}
