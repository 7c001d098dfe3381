// Minimal tmux driver for end-to-end tests of the built CLI in a real terminal (ink.md §4.1, plus what the
// wizard's tests need: an exact environment, the tty state after exit, and the cursor).
import {execa} from 'execa';

export type TmuxSession = {
	screen: (options?: {escapes?: boolean}) => Promise<string>;
	/** The scrollback and the screen: a renderer that draws a frame lower each time leaves copies up here. */
	history: () => Promise<string>;
	/** Until TEXT is on screen: a string, a pattern, or a test of the whole screen. */
	waitFor: (text: string | RegExp | ScreenTest, timeoutMs?: number) => Promise<string>;
	send: (...keys: string[]) => Promise<void>;
	type: (text: string) => Promise<void>;
	resize: (cols: number, rows: number) => Promise<void>;
	exitStatus: (timeoutMs?: number) => Promise<number>;
	/** After exit: is the cursor shown again (Ink hides it while drawing)? The pane stays alive for this: tmux reports no cursor for a dead pane. */
	cursorVisible: () => Promise<boolean>;
	kill: () => Promise<void>;
};

/** A test of the whole screen, for what a pattern cannot say (a row wrapped inside a box beside another box). */
export type ScreenTest = ((screen: string) => boolean) & {description?: string};

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Single-quotes for sh: the command runs through `sh -c` inside the pane. */
export function shellQuote(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Private server socket: never touches the user's tmux, and kill-server cleans up everything. */
export function tmuxSocketName(): string {
	return `gotune-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function hasTmux(): Promise<boolean> {
	return (await execa('tmux', ['-V'], {reject: false}).catch(() => ({exitCode: 1}))).exitCode === 0;
}

/**
 * Runs `argv` in a fresh tmux server with exactly `env` (env -i: nothing of the test runner's HOME or GO*
 * reaches the program). After it exits, the pane prints `[exit N]` and the tty's canonical/echo flags, so a
 * test can tell the terminal was restored.
 */
export async function startTmux(
	argv: string[],
	{
		cols = 100,
		rows = 30,
		env = {},
		socket = tmuxSocketName(),
		rawLog,
	}: {
		cols?: number;
		rows?: number;
		env?: Record<string, string>;
		socket?: string;
		/** A file that gets every byte the program writes to the pane (tmux pipe-pane): what a terminal is sent. */
		rawLog?: string;
	} = {},
): Promise<TmuxSession> {
	const tmux = (...args: string[]) => execa('tmux', ['-L', socket, '-f', '/dev/null', ...args]);
	// env -i also keeps the runner's CI=true out (Ink would print only the last frame, and gotune would refuse to
	// start). Not CI=false either: any CI variable at all makes chalk's supports-color turn colour off.
	// TERM describes the terminal, which is tmux here, whatever the caller's environment says.
	const fullEnv = {...env, TERM: 'xterm-256color'};
	const command = ['env', '-i', ...Object.entries(fullEnv).map(([k, v]) => `${k}=${v}`), ...argv].map(shellQuote).join(' ');
	// Start a placeholder, turn on remain-on-exit, then run the real command so the exit status is kept.
	await tmux('new-session', '-d', '-s', 'app', '-x', String(cols), '-y', String(rows), 'sleep 600');
	await tmux('set-option', '-t', 'app', 'remain-on-exit', 'on');
	// #{pane_dead_status} is not reliable (ink.md §4.1 lesson 2): the shell prints the status as a sentinel.
	const after = `s=$?; printf '\\n[exit %s]\\n' "$s"; stty -a | tr ' ;' '\\n\\n' | grep -E -x -- '-?(icanon|echo)' | tr '\\n' ' '; printf '[tty]\\n'; exec sleep 600`;
	await tmux('respawn-pane', '-k', '-t', 'app', `${command}; ${after}`);
	if (rawLog !== undefined) await tmux('pipe-pane', '-o', '-t', 'app', `cat >> ${shellQuote(rawLog)}`);

	const screen = async ({escapes = false} = {}) => (await tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', 'app')).stdout;
	const session: TmuxSession = {
		screen,
		history: async () => (await tmux('capture-pane', '-p', '-S', '-', '-t', 'app')).stdout,
		async waitFor(text, timeoutMs = 15_000) {
			const deadline = Date.now() + timeoutMs;
			let last = '';
			while (Date.now() < deadline) {
				last = await screen();
				if (typeof text === 'string' ? last.includes(text) : text instanceof RegExp ? text.test(last) : text(last)) return last;
				await sleep(25);
			}
			throw new Error(
				`Timed out waiting for ${typeof text === 'function' ? (text.description ?? 'a screen test') : String(text)}. Screen:\n${last}`,
			);
		},
		async send(...keys) {
			for (const key of keys) {
				await tmux('send-keys', '-t', 'app', key); // tmux key names: Down, Up, Enter, Escape, C-c, Tab, BSpace
				await sleep(30); // one render/effect cycle between keys, like a human
			}
		},
		async type(text) {
			await tmux('send-keys', '-t', 'app', '-l', text); // -l: literal text, no key-name lookup
		},
		async resize(c, r) {
			await tmux('resize-window', '-t', 'app', '-x', String(c), '-y', String(r));
		},
		async exitStatus(timeoutMs = 15_000) {
			const match = /\[exit (\d+)\]/.exec(await session.waitFor(/\[tty\]/, timeoutMs));
			return Number(match![1]);
		},
		async cursorVisible() {
			return (await tmux('display-message', '-p', '-t', 'app', '#{cursor_flag}')).stdout.trim() === '1';
		},
		async kill() {
			await tmux('kill-server').catch(() => undefined);
		},
	};
	return session;
}
