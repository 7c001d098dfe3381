import {useEffect, useState} from 'react';
import type {Measurements} from '../measurements.js';
import type {PanelDefinition} from '../panels/types.js';
import type {Services} from '../services.js';

/**
 * Which panels would only say they have nothing (PanelDefinition.empty, by index): no build measured, no change set in
 * the journal. All of them: the panels fold into one summary line under the step at any width and give their rows to
 * the step (issue 19); some, in the wide column: small boxes. The journal's change sets are counted here, read again
 * whenever it changes.
 */
export function usePanelsEmpty(services: Services, measurements: Measurements, panels: ReadonlyArray<PanelDefinition>): boolean[] {
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
	return panels.map(panel => panel.empty?.({measurements, changeSets}) ?? false);
}
