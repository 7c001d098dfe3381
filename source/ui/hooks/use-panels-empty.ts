import {useEffect, useState} from 'react';
import type {Measurements} from '../measurements.js';
import type {Services} from '../services.js';

/**
 * True while every panel would only say it has nothing: no build measured (Build timing and Hit rates both draw from
 * the builds) and no change set in the journal (the rollback log). The narrow layout then folds the panel row into one
 * summary line and gives its rows to the step (issue 19). Collapsed while the journal is still being read, so the
 * first frame of a new user does not jump; a journal that cannot be read keeps the panels open (the log says why).
 */
export function usePanelsEmpty(services: Services, measurements: Measurements): boolean {
	const journal = services.journal;
	const [changeSets, setChangeSets] = useState<number | undefined>(undefined);
	useEffect(() => {
		let live = true;
		const read = () => {
			journal.list().then(
				sets => live && setChangeSets(sets.length),
				() => live && setChangeSets(-1),
			);
		};
		read();
		const stop = journal.watch(read);
		return () => {
			live = false;
			stop();
		};
	}, [journal]);
	return measurements.builds.length === 0 && (changeSets === undefined || changeSets === 0);
}
