import type {ChangeStep} from '../journal/index.js';
import type {Fix} from './types.js';

/** Keys whose value is a comma-separated list of module path patterns: two fixes for one key add both patterns. */
const PATTERN_KEYS = new Set(['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE']);

/** What `--fix` (and the wizard's Troubleshoot screen) does with the fixes of one explanation. */
export type StagedFix = {
	/** GOENV changes, one per key, applied through the journal as one change set (value null removes the key). */
	steps: Array<Extract<ChangeStep, {kind: 'goenv'}>>;
	/** What gotune does not run: commands (go mod tidy) and settings that live outside the GOENV file, in order, once each. */
	manual: string[];
};

/**
 * Splits FIXES (unmasked, from explainWithFixes) into the journal's steps and the commands left to the person. Two
 * problems naming the same pattern key (two private hosts) become one step holding both patterns.
 */
export function stageFixes(fixes: Fix[]): StagedFix {
	const steps: StagedFix['steps'] = [];
	const manual: string[] = [];
	const addManual = (command: string) => {
		if (!manual.includes(command)) manual.push(command);
	};
	for (const fix of fixes) {
		if (fix.kind === 'command') {
			addManual(fix.command);
			continue;
		}
		for (const change of fix.changes) {
			if (change.via !== 'goenv') {
				addManual(change.command);
				continue;
			}
			const value = change.value === '' ? null : change.value;
			const same = steps.find(s => s.key === change.key);
			if (same === undefined) steps.push({kind: 'goenv', key: change.key, value});
			else if (PATTERN_KEYS.has(change.key) && same.value !== null && value !== null) same.value = unionPatterns(same.value, value);
		}
	}
	return {steps, manual};
}

function unionPatterns(a: string, b: string): string {
	const entries = a.split(',').filter(e => e.trim() !== '');
	for (const entry of b.split(',')) if (entry.trim() !== '' && !entries.includes(entry)) entries.push(entry);
	return entries.join(',');
}
