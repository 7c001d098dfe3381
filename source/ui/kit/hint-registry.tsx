import {createContext, useContext, useId, useLayoutEffect, type ReactNode} from 'react';
import type {HintEntry} from './bindings.js';

/**
 * Where the key hints on screen are collected, so the help overlay (`?`) lists exactly what the hint rows show: every
 * KeyHints and Confirmation inside a provider registers its entries while it is mounted. A plain map, read when the
 * overlay renders: registering never re-renders anything.
 */
export type HintRegistry = Map<string, HintEntry[]>;

const RegistryContext = createContext<HintRegistry | undefined>(undefined);

export function HintRegistryProvider({registry, children}: {registry: HintRegistry; children: ReactNode}) {
	return <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>;
}

/** Registers ENTRIES for as long as the caller is mounted (outside a provider: nothing). */
export function useRegisterHints(entries: HintEntry[]): void {
	const registry = useContext(RegistryContext);
	const id = useId();
	const key = JSON.stringify(entries);
	useLayoutEffect(() => {
		if (registry === undefined) return;
		registry.set(id, JSON.parse(key) as HintEntry[]);
		return () => {
			registry.delete(id);
		};
	}, [registry, id, key]);
}

/** Every registered entry once, in the order the hint rows were mounted. */
export function registeredHints(registry: HintRegistry): HintEntry[] {
	const seen = new Set<string>();
	return [...registry.values()].flat().filter(entry => {
		const id = `${entry.keys} ${entry.hint}`;
		if (seen.has(id)) return false;
		seen.add(id);
		return true;
	});
}
