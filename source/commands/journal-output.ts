import {createInterface} from 'node:readline';
import type {ChangeSet, JournalEntry, TargetState} from '../core/journal/index.js';
import {JournalFailure, JournalRefusal, tildePath} from '../core/journal/index.js';
import {maskSecrets, maskSetting} from '../core/mask.js';
import {ProfileError} from '../core/profile/index.js';
import {OperationError, UsageError, type CommandContext} from './context.js';

/** A value as gotune shows it: masked, and `(not set)` for an absent key. */
export function showState(state: TargetState, target: JournalEntry['target'] = {kind: 'goenv', key: ''}): string {
	if (target.kind === 'startup-block')
		return state.present ? `(gotune block, ${state.value.split('\n').filter(Boolean).length} lines)` : '(no block)';
	if (target.kind === 'directory') return state.present ? state.value : '(none)';
	if (!state.present) return target.kind === 'file' ? '(no file)' : '(not set)';
	if (target.kind === 'file') return `(file, ${state.value.split('\n').filter(Boolean).length} lines)`;
	return maskSetting(target.key, state.value);
}

/** A state for --json output: the contract's {present, value}, value masked. */
export function jsonState(state: TargetState, key = ''): {present: boolean; value?: string} {
	return state.present ? {present: true, value: maskSetting(key, state.value)} : {present: false};
}

export function targetName(target: JournalEntry['target']): string {
	return target.kind === 'goenv' ? target.key : target.path;
}

export function jsonEntry(entry: JournalEntry) {
	return {
		id: entry.id,
		changeSetId: entry.changeSetId,
		time: entry.time,
		origin: maskSecrets(entry.origin),
		key: targetName(entry.target),
		target: entry.target,
		before: jsonState(entry.before, targetName(entry.target)),
		after: entry.afterUnknown ? null : jsonState(entry.after, targetName(entry.target)),
		status: entry.status,
	};
}

/**
 * The files a change set touches, as people know them: the GOENV file, ~/.netrc, the git config, a moved cache.
 * Rollback's heading names these instead of assuming every set lives in the GOENV file.
 */
export function placesTouched(targets: JournalEntry['target'][], goenvFile: string | undefined, home: string | undefined): string[] {
	const places = targets.map(target => {
		if (target.kind === 'goenv') return goenvFile === undefined ? 'the GOENV file' : tildePath(goenvFile, home);
		return tildePath(target.path, home);
	});
	return [...new Set(places)];
}

export function setHeading(set: ChangeSet): string {
	const when = set.time.replace('T', ' ').slice(0, 19);
	return `#${set.id}  ${when} UTC  ${maskSecrets(set.origin)}  ${set.status}`;
}

/** Journal and profile errors become the CLI's exit codes: refusals are invalid input (2), failures exit 1. */
export async function asCommandErrors<T>(usage: string, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (error instanceof JournalRefusal || error instanceof ProfileError)
			throw new UsageError(`${maskSecrets(error.message)}\nNothing was written.`, usage);
		if (error instanceof JournalFailure) throw new OperationError(maskSecrets(error.message));
		throw error;
	}
}

export type Confirmation = 'yes' | 'no' | 'interrupted';

/**
 * Asks before changing settings. Without a terminal there is nobody to ask: that is a usage error (exit 2) telling
 * the user about --yes, and nothing is written.
 */
export async function confirm({stdin, stdout, flags}: CommandContext, question: string, usage: string): Promise<Confirmation> {
	if (flags['yes']) return 'yes';
	if (!stdin.isTTY || !stdout.isTTY) {
		throw new UsageError(
			'no terminal to confirm in: pass --yes to go ahead (or --dry-run to only see the plan). Nothing was written.',
			usage,
		);
	}
	const rl = createInterface({input: stdin, output: stdout});
	try {
		return await new Promise<Confirmation>(resolve => {
			rl.on('SIGINT', () => resolve('interrupted'));
			rl.on('close', () => resolve('no'));
			rl.question(`${question} [y/N] `, answer => resolve(/^y(es)?$/i.test(answer.trim()) ? 'yes' : 'no'));
		});
	} finally {
		rl.close();
	}
}
