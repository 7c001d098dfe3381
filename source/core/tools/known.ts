/**
 * The tools around Go that gotune looks for and can install with `go install MODULE@VERSION` through the user's
 * GOPROXY. The default versions are pinned here, in one table: each is served by the module proxy and builds with
 * the Go of this project's machines (go1.26.8); a newer one is asked for by name (gotune tools --install gopls@v0.24.0).
 */
export type KnownTool = {
	/** The command's name, as in GOBIN. */
	name: string;
	/** The package `go install` builds. */
	pkg: string;
	/** The module that package lives in (what `go version -m` reports as mod). */
	module: string;
	defaultVersion: string;
	/** What it is for, in a few words. */
	role: string;
	/** The `go` line of the module's go.mod at defaultVersion: an older go cannot build it without switching toolchains. */
	goLine: string;
	/** Listed only when found (golangci-lint: many teams install its release binaries instead). */
	optional?: true;
};

export const KNOWN_TOOLS: readonly KnownTool[] = [
	{
		name: 'gopls',
		pkg: 'golang.org/x/tools/gopls',
		module: 'golang.org/x/tools/gopls',
		defaultVersion: 'v0.23.0',
		goLine: '1.26.0',
		role: 'language server',
	},
	{
		name: 'dlv',
		pkg: 'github.com/go-delve/delve/cmd/dlv',
		module: 'github.com/go-delve/delve',
		defaultVersion: 'v1.27.2',
		goLine: '1.25.0',
		role: 'debugger',
	},
	{
		name: 'staticcheck',
		pkg: 'honnef.co/go/tools/cmd/staticcheck',
		module: 'honnef.co/go/tools',
		defaultVersion: 'v0.8.2',
		goLine: '1.26.0',
		role: 'linter',
	},
	{
		name: 'golangci-lint',
		pkg: 'github.com/golangci/golangci-lint/v2/cmd/golangci-lint',
		module: 'github.com/golangci/golangci-lint/v2',
		defaultVersion: 'v2.15.0',
		goLine: '1.26.0',
		role: 'linter runner',
		optional: true,
	},
];

export function knownTool(name: string): KnownTool | undefined {
	return KNOWN_TOOLS.find(tool => tool.name === name);
}

/**
 * NAME or NAME@VERSION (VERSION: vX.Y.Z or latest) as a known tool and the version asked for; the problem in words
 * (naming the word, the known tools, a valid example) when it is not one. `gotune tools --install` and a profile's
 * `tools` list read the same words.
 */
export function parseToolWord(word: string): {tool: KnownTool; version: string} | {problem: string} {
	const at = word.indexOf('@');
	const name = at < 0 ? word : word.slice(0, at);
	const tool = knownTool(name);
	if (tool === undefined)
		return {problem: `unknown tool "${name}"; gotune knows: ${KNOWN_TOOLS.map(t => t.name).join(', ')} (NAME or NAME@VERSION)`};
	const version = at < 0 ? tool.defaultVersion : word.slice(at + 1);
	if (!/^(v\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?|latest)$/.test(version))
		// Named as "VERSION" for NAME, not NAME@VERSION: the CLI's last guard masks a NAME@WORD as user info (user@host).
		return {
			problem: `"${version}" is no version of ${tool.name}: the version must look like v1.2.3 (or latest), for example ${tool.name}@${tool.defaultVersion}`,
		};
	return {tool, version};
}
