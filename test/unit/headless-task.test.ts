import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {headlessTask} from '../../source/commands/progress.js';

/** A stderr stand-in that records what was written; isTTY and columns as a terminal (or a pipe) reports them. */
function stream(tty: boolean, columns = 80) {
	const out = Object.assign(new PassThrough(), {isTTY: tty, columns, writes: [] as string[]});
	out.write = ((chunk: string) => {
		out.writes.push(String(chunk));
		return true;
	}) as typeof out.write;
	return out;
}

type Event = {n: number};
const describeEvent = (event: Event) => `step ${event.n}`;

describe('headlessTask', () => {
	let stdoutWrite: ReturnType<typeof vi.spyOn>;
	beforeEach(() => {
		vi.useFakeTimers();
		stdoutWrite = vi.spyOn(process.stdout, 'write');
	});
	afterEach(() => {
		vi.useRealTimers();
		stdoutWrite.mockRestore();
	});

	it('without a terminal: plain lines, at most one per interval, the latest text after the wait', () => {
		const stderr = stream(false);
		const task = headlessTask<Event>(stderr, {describe: describeEvent});
		for (let n = 1; n <= 50; n++) task.context.emit({n});
		expect(stderr.writes).toEqual(['step 1\n']);
		vi.advanceTimersByTime(1000);
		expect(stderr.writes).toEqual(['step 1\n', 'step 50\n']);
		vi.advanceTimersByTime(5000);
		expect(stderr.writes).toHaveLength(2);
		task.done();
		// No escape sequences in logs.
		expect(stderr.writes.join('')).not.toContain('\u001B');
		expect(stdoutWrite).not.toHaveBeenCalled();
	});

	it('the same text twice is written once', () => {
		const stderr = stream(false);
		const task = headlessTask<Event>(stderr, {describe: () => 'same'});
		task.context.emit({n: 1});
		vi.advanceTimersByTime(2000);
		task.context.emit({n: 2});
		vi.advanceTimersByTime(2000);
		task.done();
		expect(stderr.writes).toEqual(['same\n']);
	});

	it('on a terminal: one line redrawn in place, cut to the width, cleared by done()', () => {
		const stderr = stream(true, 12);
		const task = headlessTask<Event>(stderr, {describe: event => `building package number ${event.n}\nsecond line`});
		task.context.emit({n: 1});
		task.context.emit({n: 2});
		vi.advanceTimersByTime(100);
		task.done();
		expect(stderr.writes).toEqual(['\r\u001B[Kbuilding pa', '\r\u001B[Kbuilding pa', '\r\u001B[K']);
		expect(stderr.writes.join('')).not.toContain('\n');
		expect(stdoutWrite).not.toHaveBeenCalled();
	});

	it('nothing after done(), and nothing at all when disabled (--json keeps stdout clean either way)', () => {
		const stderr = stream(false);
		const task = headlessTask<Event>(stderr, {describe: describeEvent});
		task.context.emit({n: 1});
		task.context.emit({n: 2});
		task.done();
		task.context.emit({n: 3});
		vi.advanceTimersByTime(5000);
		expect(stderr.writes).toEqual(['step 1\n']);

		const quiet = stream(false);
		const disabled = headlessTask<Event>(quiet, {describe: describeEvent, enabled: false});
		disabled.context.emit({n: 1});
		disabled.done();
		expect(quiet.writes).toEqual([]);
		expect(stdoutWrite).not.toHaveBeenCalled();
	});

	it('Ctrl-C (SIGINT) aborts the signal; after done() it is no longer taken', () => {
		const listeners = process.listenerCount('SIGINT');
		const task = headlessTask<Event>(stream(false), {describe: describeEvent});
		expect(process.listenerCount('SIGINT')).toBe(listeners + 1);
		expect(task.signal.aborted).toBe(false);
		process.emit('SIGINT');
		expect(task.signal.aborted).toBe(true);
		expect(task.context.signal.aborted).toBe(true);
		task.done();
		expect(process.listenerCount('SIGINT')).toBe(listeners);

		const other = headlessTask<Event>(stream(false), {describe: describeEvent});
		other.done();
		expect(process.listenerCount('SIGINT')).toBe(listeners);
		expect(other.signal.aborted).toBe(false);
	});
});
