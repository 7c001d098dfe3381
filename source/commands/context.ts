import type {Readable, Writable} from 'node:stream';
import type {Runtime} from '../core/runtime.js';

export type Flags = Record<string, string | boolean | undefined>;

export type CommandContext = {
	command: string;
	/** The command's usage line from the registry, for UsageError (command files do not import the registry). */
	usage: string;
	runtime: Runtime;
	positionals: string[];
	flags: Flags;
	stdout: Writable & {isTTY?: boolean; columns?: number};
	stderr: Writable & {isTTY?: boolean};
	stdin: Readable & {isTTY?: boolean};
};

/**
 * Bad input from the user: exit 2 with a message naming the input, what is allowed, and what to do. Without a usage
 * line the CLI adds the running command's own (CommandContext.usage).
 */
export class UsageError extends Error {
	constructor(
		message: string,
		readonly usage?: string,
	) {
		super(message);
	}
}

/** An operation that failed for a reason the user can act on: exit 1, message only, never a stack. */
export class OperationError extends Error {}
