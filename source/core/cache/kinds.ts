export type CacheKind = 'gocache' | 'gomodcache';

export const CACHE_KINDS: readonly CacheKind[] = ['gocache', 'gomodcache'];

/** The go env key of each cache. */
export const CACHE_KEY = {gocache: 'GOCACHE', gomodcache: 'GOMODCACHE'} as const satisfies Record<CacheKind, string>;

/** How people call them in messages. */
export const CACHE_TITLE = {gocache: 'build cache (GOCACHE)', gomodcache: 'module cache (GOMODCACHE)'} as const satisfies Record<
	CacheKind,
	string
>;
