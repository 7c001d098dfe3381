import type {ComponentType} from 'react';
import type {MeasurementEvent} from '../measurements.js';
import type {Services} from '../services.js';
import type {Theme} from '../theme.js';

/** A change a step has staged but not yet written; `q` asks before throwing these away. */
export type PendingChange = {
	/** What it touches, e.g. "GOPROXY in the GOENV file" or "go.mod". */
	target: string;
	summary: string;
};

export type StepViewProps = {
	services: Services;
	theme: Theme;
	/** Keys belong to the step (not to a panel or the quit prompt); pass this to useKeys' isActive (ui/kit: keys of one read arrive one at a time). */
	isActive: boolean;
	/** Inner size of the step's box in cells; pre-wrap to `width` and scroll within `height`. */
	width: number;
	height: number;
	/** Go to the next step (Enter on the step's "continue"). */
	onNext: () => void;
	/** Replaces this step's pending changes (an empty list when they were applied or dropped). */
	setPending: (changes: PendingChange[]) => void;
	/**
	 * While true, the shell leaves q, Esc and Tab to the step (a text field where "q" is a letter).
	 * Ctrl-C always exits.
	 */
	captureKeys: (capture: boolean) => void;
	/**
	 * While true, Esc belongs to the step: it is in a sub-screen of its own ("Move GOCACHE to…") and Esc goes back to
	 * the step's main view, not to the previous step. q and Tab still work. Optional: a step without sub-screens
	 * never calls it.
	 */
	claimEscape?: (claim: boolean) => void;
	/** Feeds the build-timing and hit-rate panels with numbers this step measured. */
	record: (event: MeasurementEvent) => void;
	/**
	 * Goes up whenever the GOENV file, the journal or go.mod changed underneath (this run, the rollback log, another
	 * gotune, `go env -w` elsewhere): the step re-checks what it shows, keeping where the user is. Absent: never.
	 */
	revision?: number;
};

export type StepId = 'toolchain' | 'module' | 'proxy' | 'cache' | 'verify';

export type StepDefinition = {
	id: StepId;
	title: string;
	View: ComponentType<StepViewProps>;
	/**
	 * Loads the view's code ahead of time (lazyView), and with SERVICES what the view needs of them; the shell calls it
	 * for every step after the first frame.
	 */
	preload?: (services?: Services) => Promise<void>;
};
