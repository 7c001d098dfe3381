import type {ComponentType} from 'react';
import type {Measurements} from '../measurements.js';
import type {Services} from '../services.js';
import type {Theme} from '../theme.js';

export type PanelViewProps = {
	services: Services;
	theme: Theme;
	measurements: Measurements;
	/** Tab moved focus here: ↑/↓ and Enter belong to this panel; pass this to useKeys' isActive (ui/kit). */
	isFocused: boolean;
	/** Inner size in cells (2 to 3 lines in the narrow tabbed row). */
	width: number;
	height: number;
	/** While true (a y/n question in the panel), the shell leaves q, Esc and Tab to the panel. Ctrl-C always exits. */
	captureKeys?: (capture: boolean) => void;
};

/** What decides whether a panel has anything to show: the measurements, and how many change sets the journal holds. */
export type PanelFacts = {
	measurements: Measurements;
	/** undefined while the journal is being read (empty: the first frame of a new user does not jump); -1 unreadable. */
	changeSets: number | undefined;
};

export type PanelDefinition = {
	id: 'build-timing' | 'hit-rates' | 'rollback-log';
	title: string;
	View: ComponentType<PanelViewProps>;
	/** Nothing to show yet but its "No … yet" line: the panels fold to a summary line, or to a small box (layout.ts). */
	empty?: (facts: PanelFacts) => boolean;
};

/**
 * Measurement panels draw only from these props: when they are the same (the fold returns the same object for an
 * event that changes nothing), React skips the render and Ink writes nothing.
 */
export function samePanelView(a: PanelViewProps, b: PanelViewProps): boolean {
	return (
		a.measurements === b.measurements && a.width === b.width && a.height === b.height && a.theme === b.theme && a.isFocused === b.isFocused
	);
}
