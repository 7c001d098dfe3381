import {readFile} from 'node:fs/promises';
import path from 'node:path';
import type Conf from 'conf';
import type {LastExplanation} from './explain/last.js';
import type {ReleaseTable} from './releases.js';

/**
 * gotune's own small state: preferences and caches that can be lost without harm (a damaged file is cleared, not
 * repaired). The journal is not here: it keeps its own fsynced file and lock.
 */
export type Preferences = {
	/** The go.dev release feed as last read (the Toolchain step's support check). */
	releaseTable?: ReleaseTable;
	/** The last `gotune probe` / Proxy step result, as its JSON document, and when it was taken. */
	lastProbe?: {time: string; result: Record<string, unknown>};
	/** The panel the user last chose in the wizard. */
	lastPanel?: string;
	/** The last explained go failure and what became of its fix (masked), for doctor and the report. */
	lastExplanation?: LastExplanation;
	/** The wizard step (by id) the last run stopped at; absent once a run reached the finish screen. */
	lastStep?: string;
};

export const PREFERENCES_FILE = 'preferences.json';

const stores = new Map<string, Promise<Conf<Preferences> | undefined>>();

/**
 * The store in GOTUNE_HOME (so --sandbox and the test sandbox isolate it), mode 0600, for writes. conf is loaded on
 * first write, not with the wizard's first frame nor for a read. Undefined when the directory cannot be used: preferences never fail a command.
 */
function open(gotuneHome: string): Promise<Conf<Preferences> | undefined> {
	let store = stores.get(gotuneHome);
	if (store === undefined) {
		store = import('conf')
			.then(
				({default: ConfClass}) =>
					new ConfClass<Preferences>({
						cwd: gotuneHome,
						configName: 'preferences',
						configFileMode: 0o600,
						clearInvalidConfig: true,
						accessPropertiesByDotNotation: false,
						watch: false,
					}),
				() => undefined,
			)
			.catch(() => undefined);
		stores.set(gotuneHome, store);
	}
	return store;
}

/**
 * Reads one value straight from the file conf writes (plain JSON): `gotune doctor` reads the cached release table,
 * and loading conf (with ajv, 200 KB) for that cost it more start-up than the read itself. Re-read on every call:
 * another gotune (a second terminal) may have written since. Anything unreadable is "not set".
 */
export async function readPreference<K extends keyof Preferences>(gotuneHome: string, key: K): Promise<Preferences[K] | undefined> {
	try {
		const data = JSON.parse(await readFile(path.join(gotuneHome, PREFERENCES_FILE), 'utf8')) as unknown;
		return typeof data === 'object' && data !== null && !Array.isArray(data) && Object.hasOwn(data, key)
			? (data as Preferences)[key]
			: undefined;
	} catch {
		return undefined;
	}
}

/** Writes one value (atomically, 0600). Returns false when it could not be kept, which callers may ignore. */
export async function writePreference<K extends keyof Preferences>(gotuneHome: string, key: K, value: Preferences[K]): Promise<boolean> {
	const store = await open(gotuneHome);
	if (store === undefined) return false;
	try {
		if (value === undefined) store.delete(key);
		else store.set(key, value);
		return true;
	} catch {
		return false;
	}
}

/** For tests and after a sandbox is removed: forget opened stores. */
export function closePreferences(): void {
	stores.clear();
}
