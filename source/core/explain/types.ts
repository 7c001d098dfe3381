/** One kind of failure gotune can explain; names are stable (they are in --json). */
export type ProblemClass =
	| 'module-not-on-proxy'
	| 'private-credentials'
	| 'insecure-credentials'
	| 'checksum-mismatch'
	| 'checksum-db-private'
	| 'tls'
	| 'network'
	| 'goproxy-off'
	| 'inconsistent-vendoring'
	| 'toolchain-too-old'
	| 'toolchain-download'
	| 'lookup-disabled'
	| 'missing-go-sum'
	| 'module-path-mismatch'
	| 'no-required-module'
	| 'ambiguous-import'
	| 'unknown-revision'
	| 'goflags-lockout'
	| 'build-cache'
	| 'module-cache-permission'
	| 'disk-full'
	| 'workspace';

/** What one matched line says, before this machine's settings are looked at. */
export type Finding = {
	class: ProblemClass;
	/** The module (or package) the line names, when it names one: the key that tells distinct problems apart. */
	subject?: string;
	/** Named parts of the line the fix needs (version, url, status, path, go's own suggested command...). */
	facts: Record<string, string>;
};

/**
 * A setting to change, as the exact command. via 'goenv': gotune can write it in the GOENV file through the journal
 * (`--fix`; an empty value removes the key); 'manual': it is set elsewhere (the OS environment, $GOROOT/go.env) or the
 * value is a placeholder, so gotune only prints the command and the person runs it where it belongs.
 */
export type SettingChange = {key: string; value: string; command: string; via: 'goenv' | 'manual'};

export type Fix = {kind: 'command'; command: string; note?: string} | {kind: 'setting'; changes: SettingChange[]; note?: string};

export type Problem = {
	class: ProblemClass;
	summary: string;
	/** go's lines that were matched (masked), then what was checked on this machine. */
	evidence: string[];
	/** Settings in force that bear on this problem: value (masked) and where it comes from. */
	settings: Record<string, {value: string; source: string}>;
	fix: Fix;
	confidence: 'high' | 'medium' | 'low';
};

export type Explanation = {problems: Problem[]; unrecognised: string[]};
