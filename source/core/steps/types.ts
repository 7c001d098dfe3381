import type {Journal} from '../journal/contract.js';
import type {Runtime} from '../runtime.js';
import type {TaskContext} from '../task.js';

/**
 * The contract every step module follows, so the wizard and the headless commands drive them alike:
 * - check: read-only findings (never writes, never downloads);
 * - plan: what would change for REQUEST, or why it cannot, in go's or the system's own words (a refusal in the plan,
 *   or a thrown refusal error: exit 2 headless);
 * - apply: the plan through THE journal (rule 5: one writer), recorded under ORIGIN (`wizard:module`, `cli:init`).
 * Long work honours the context's signal and emits its progress events.
 */
export type StepModule<Check, Request, Plan, Outcome, Event = never> = {
	check: (runtime: Runtime) => Promise<Check>;
	plan: (runtime: Runtime, check: Check, request: Request, context: TaskContext<Event>) => Promise<Plan>;
	apply: (runtime: Runtime, plan: Plan, journal: Journal, origin: string, context: TaskContext<Event>) => Promise<Outcome>;
};
