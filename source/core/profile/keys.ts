/** Top-level keys of a team profile (gotune.json); kept equal to source/profile/gotune.schema.json by a unit test. */
export const PROFILE_TOP_LEVEL_KEYS = ['$schema', 'name', 'description', 'env', 'reasons', 'go', 'tools', 'buildCache'] as const;

/**
 * GOENV keys a team profile may set: module fetching, build defaults and locations go env -w accepts. GOENV, GOVERSION
 * and the other keys go refuses are not here (journal REFUSED_KEYS says why for each).
 */
export const PROFILE_ENV_KEYS = [
	'GOPROXY',
	'GOPRIVATE',
	'GONOPROXY',
	'GONOSUMDB',
	'GOINSECURE',
	'GOSUMDB',
	'GOVCS',
	'GOAUTH',
	'GOFLAGS',
	'GOTOOLCHAIN',
	'GO111MODULE',
	'CGO_ENABLED',
	'GOCACHE',
	'GOMODCACHE',
	'GOPATH',
	'GOBIN',
	'GOTMPDIR',
	'GOROOT',
	'GOAMD64',
	'GOEXPERIMENT',
] as const;
