import type {Finding, ProblemClass} from './types.js';

type Pattern = {class: ProblemClass; re: RegExp};

/** A module path with an optional @version, as go prints it before ": ". */
const MOD = String.raw`(?<module>[^\s@:"]+)(?:@(?<version>[^\s:"]+))?`;

/**
 * go's failure lines (cmd/go/testdata/script's `stderr` expectations, go 1.19 to 1.27), most specific first: a
 * checksum-database lookup that answers 410 is not a module missing from the proxy, so it is tried before the 404 rule.
 */
export const PATTERNS: Pattern[] = [
	{class: 'goproxy-off', re: /(?:^go: (?<module>[^\s@:]+)(?:@\S+?)?: |package (?<package>\S+): )?module lookup disabled by GOPROXY=off/},
	{class: 'goflags-lockout', re: /^go: parsing \$GOFLAGS: (?<detail>.*)$/},
	// A flag GOFLAGS holds that the command rejects (goflags.txt, same in go 1.19-1.27): "go: flag needs an argument: -f
	// (from $GOFLAGS)", "go: invalid boolean value "asdf" for flag -e (from $GOFLAGS): parse error".
	{class: 'goflags-lockout', re: /^go: (?<detail>.+?) \(from \$GOFLAGS\)(?:: .*)?$/},
	// GOTOOLCHAIN go cannot parse stops every command as well (gotoolchain_local.txt, go >= 1.21).
	{class: 'goflags-lockout', re: /^go: invalid GOTOOLCHAIN "(?<toolchain>[^"]*)"$/},
	// go >= 1.21 switching toolchains: the release is not on GOPROXY (or GOPROXY=off) (gotoolchain_net.txt).
	{class: 'toolchain-download', re: /^go: download (?<need>go\S+) for (?<platform>\S+): toolchain not available$/},
	{
		class: 'toolchain-download',
		re: /^go: (?<module>golang\.org\/toolchain)@(?<version>\S+): verifying module: checksum database disabled by GOSUMDB=off$/,
	},
	{
		class: 'toolchain-too-old',
		re: /(?:^go: |: )(?:(?<where>\S+?): )?(?:module \S+|\S+) requires go >= (?<need>[\w.-]+) \(running go (?<running>[\w.-]+)(?:; (?<policy>[^)]*))?\)/,
	},
	{class: 'toolchain-too-old', re: /^note: module requires Go (?<need>[\w.-]+)/},
	// go get / go mod tidy that must raise go.mod's go line (mod_get_exec_toolchain.txt, mod_toolchain.txt, go >= 1.21).
	{
		class: 'toolchain-too-old',
		re: /^go: updating go\.mod requires go >= (?<need>[\w.-]+) \(running go (?<running>[\w.-]+)(?:; (?<policy>[^)]*))?\)/,
	},
	// -mod=vendor (GOFLAGS or a vendor directory) or -mod=readonly forbids looking up a module (mod_import_vendor.txt, mod_readonly.txt).
	// go 1.19 with -mod=vendor words it as a missing directory, the vendor path on the next line (after a tab).
	{class: 'lookup-disabled', re: /^\S+: cannot find package "\." in:$/},
	{
		class: 'lookup-disabled',
		re: /cannot find module providing package (?<package>[^\s:]+): import lookup disabled by -mod=(?<mode>vendor|readonly)/,
	},
	{class: 'inconsistent-vendoring', re: /^go: inconsistent vendoring(?: in (?<dir>.*?))?:?$/},
	{class: 'checksum-mismatch', re: new RegExp(String.raw`^go: ${MOD}: verifying (?:go\.mod|module): checksum mismatch`)},
	{class: 'checksum-mismatch', re: new RegExp(String.raw`verifying (?:go\.mod: |module: )?${MOD}(?:/go\.mod)?: checksum mismatch`)},
	{class: 'checksum-mismatch', re: /^SECURITY ERROR$/},
	{
		class: 'checksum-db-private',
		re: new RegExp(String.raw`verifying (?:go\.mod|module): ${MOD}: reading (?<url>\S+/lookup/\S+): (?<status>404 Not Found|410 Gone)`),
	},
	{
		class: 'tls',
		re: /x509: (?<detail>certificate signed by unknown authority|certificate has expired or is not yet valid|certificate is valid for .*|certificate is not valid for any names.*|cannot validate certificate for \S+ because it doesn't contain any IP SANs)/,
	},
	{class: 'tls', re: /tls: failed to verify certificate: x509: (?<detail>.*)/},
	{
		class: 'private-credentials',
		re: new RegExp(
			String.raw`(?:^go: |module )${MOD}: (?:(?:invalid version: )?git ls-remote .*|(?:unrecognized import path "[^"]+": )?reading (?<url>\S+): (?<status>401 Unauthorized|403 Forbidden))`,
		),
	},
	// Same text in go 1.19 to 1.27 (cmd/go/internal/web/http.go): a URL with user:password@ (GOPROXY) over plain http.
	{
		class: 'insecure-credentials',
		re: new RegExp(String.raw`(?:^go: ${MOD}: )?refusing to pass credentials to insecure URL: (?<url>\S+)`),
	},
	// The same 401/403 reached through a package ("\tP: cannot find module providing package P: unrecognized import path ...").
	{
		class: 'private-credentials',
		re: /unrecognized import path "(?<module>[^"]+)": reading (?<url>\S+): (?<status>401 Unauthorized|403 Forbidden)/,
	},
	{class: 'private-credentials', re: /terminal prompts disabled|could not read Username for '(?<url>[^']+)'/},
	{class: 'private-credentials', re: /^\s*(?:reading )?(?<url>https?:\S+): (?<status>401 Unauthorized|403 Forbidden)$/},
	{
		class: 'module-not-on-proxy',
		re: new RegExp(
			String.raw`(?:^go: |module |: )${MOD}: reading (?<url>\S+/@(?:v/(?<file>\S+)|latest)): (?<status>404 Not Found|410 Gone)`,
		),
	},
	{class: 'network', re: /dial tcp: lookup (?<host>\S+?)(?: on \S+)?: (?<detail>no such host|server misbehaving|i\/o timeout)/},
	{
		class: 'network',
		re: /(?:dial|proxyconnect) tcp (?<host>\S+): (?:connect: )?(?<detail>connection refused|i\/o timeout|network is unreachable|no route to host)/,
	},
	{
		class: 'missing-go-sum',
		re: new RegExp(
			String.raw`(?:(?:^go: |^\t|: )${MOD}(?: \(replaced by \S+\))?: )?missing go\.sum entry(?: for (?:module providing package (?<package>[^\s;()]+)|go\.mod file)|(?=;)| needed to verify package (?<verify>\S+) )`,
		),
	},
	{class: 'module-path-mismatch', re: /module declares its path as: (?<declared>\S+)/},
	{class: 'no-required-module', re: /no required module provides package (?<package>[^\s;]+)/},
	{class: 'ambiguous-import', re: /ambiguous import: found package (?<package>\S+) in multiple (?:modules|directories)/},
	{class: 'unknown-revision', re: new RegExp(String.raw`(?:^go: |^\t|: )${MOD}: (?:.*: )?unknown revision (?<revision>\S+)`)},
	{class: 'build-cache', re: /GOCACHE is not defined and neither \$XDG_CACHE_HOME nor \$HOME are defined/},
	{class: 'build-cache', re: /build cache is disabled by GOCACHE=off/},
	// build_nocache.txt, clean_cache_n.txt (go 1.19-1.27).
	{class: 'build-cache', re: /(?:^go: |could not be located: )GOCACHE is not an absolute path/},
	{class: 'build-cache', re: /failed to initialize build cache at (?<path>\S+?): .*permission denied/},
	{class: 'disk-full', re: /\b(?:write|open|mkdir|rename|copy|create|link|symlink) (?<path>\/\S*?): no space left on device/},
	{class: 'disk-full', re: /no space left on device/},
	// go.work: a workspace module needs a newer go line than go.work has (go 1.27 words the advice differently, same command).
	{
		class: 'workspace',
		re: /module (?<module>\S+) listed in go\.work file requires go >= (?<need>[\w.-]+), but go\.work (?:lists|implicitly requires) go (?<have>[\w.-]+)/,
	},
	// go 1.19 puts the command on the same line ("... using go work use a"); later go on the next, after a tab.
	{
		class: 'workspace',
		re: /(?:directory (?<dir>\S+)|current directory) is contained in a module that is not one of the workspace modules listed in go\.work\.(?: You can add the module to the workspace using(?::| (?<use>go work use \S+)))?/,
	},
	{class: 'workspace', re: /^go: no go\.work file found$/},
	// go >= 1.23 for a directory outside the workspace; every go for ./... there (work_module_not_in_go_work.txt).
	{
		class: 'workspace',
		re: /(?:current directory|directory (?:prefix )?(?<dir>\S+)) (?:outside|does not contain) modules listed in go\.work or their selected dependencies/,
	},
	{class: 'module-cache-permission', re: /(?:open|mkdir|rename|remove|write) (?<path>\S*\/pkg\/mod\/\S*?): permission denied/},
];

/** The first pattern LINE matches, with its named parts. */
export function matchLine(line: string): Finding | undefined {
	for (const pattern of PATTERNS) {
		const match = pattern.re.exec(line);
		if (!match) continue;
		const facts: Record<string, string> = {};
		for (const [name, value] of Object.entries(match.groups ?? {})) if (value !== undefined) facts[name] = value;
		const subject = facts['module'] ?? facts['package'];
		return {class: pattern.class, ...(subject ? {subject} : {}), facts};
	}
	return undefined;
}

/** Progress lines go prints on the way: not failures, never listed as unrecognised. */
export const PROGRESS = /^(?:go: (?:downloading|finding|extracting|upgraded|added|found) |$)/;

/**
 * Lines that say where the next failure happened ("go: m imports", go 1.19's "m imports", "\tp tested by", "# pkg"): they
 * belong to the problem that follows them.
 */
export const CONTEXT =
	/^(?:(?:go: )?\S+ (?:imports|tested by|requires)$|\t\S+ (?:imports|tested by|requires)$|# \S+$|go: .*: parsing go\.mod:$)/;

/** The rest of one of go's multi-line messages: the lines after the one that matched. */
export const CONTINUATION =
	/^(?:\t|\s+(?:downloaded|go\.sum|server response):|SECURITY ERROR$|This download does NOT match|The bits may have been replaced|have intercepted the download|For more information, see 'go help module-auth'|go\.sum database server misbehavior|\s+but was required as:|Confirm the import path was (?:typed|entered) correctly\.$|If this is a private repository, see |usage: go \S+ |Run 'go help \S+' for details\.$)/;
