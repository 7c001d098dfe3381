/** A Go toolchain version: go1.23.5, go1.21rc2, go1.22 (language version), or a devel build. */
export type GoVersion = {
	raw: string;
	major: number;
	minor: number;
	patch?: number;
	prerelease?: string;
	devel: boolean;
};

const RELEASE = /^go(\d+)\.(\d+)(?:\.(\d+))?((?:rc|beta)\d+)?$/;

export function parseGoVersion(text: string): GoVersion | undefined {
	const raw = text.trim();
	const devel = /^devel\b/.exec(raw);
	if (devel) {
		// "devel go1.24-abcdef Tue ..." names the branch it was cut from; older devel builds name nothing.
		const base = /go(\d+)\.(\d+)/.exec(raw);
		return {raw, major: Number(base?.[1] ?? 0), minor: Number(base?.[2] ?? 0), devel: true};
	}
	const match = RELEASE.exec(raw.split(/\s+/)[0] ?? '');
	if (!match) return undefined;
	return {
		raw,
		major: Number(match[1]),
		minor: Number(match[2]),
		patch: match[3] === undefined ? undefined : Number(match[3]),
		prerelease: match[4],
		devel: false,
	};
}

/** Parses the output of `go version`: "go version go1.23.5 linux/amd64" or "go version devel go1.24-abc ...". */
export function parseGoVersionOutput(output: string): GoVersion | undefined {
	const match = /^go version (.+?)(?: [a-z0-9]+\/[a-z0-9]+)?$/m.exec(output.trim());
	return match ? parseGoVersion(match[1]!) : undefined;
}

/** "1.23" for go1.23.5: the major release as Go's support policy counts it. */
export function majorOf(version: GoVersion): string {
	return `${version.major}.${version.minor}`;
}

/** Orders like go/version.Compare: language version < rc/beta < release < patches; devel sorts above its base. */
export function compareGoVersions(a: GoVersion, b: GoVersion): number {
	if (a.major !== b.major) return a.major - b.major;
	if (a.minor !== b.minor) return a.minor - b.minor;
	if (a.devel !== b.devel) return a.devel ? 1 : -1;
	return rank(a) - rank(b);
}

function rank(v: GoVersion): number {
	if (v.prerelease !== undefined) {
		const n = Number(/\d+$/.exec(v.prerelease)?.[0] ?? 0);
		return (v.prerelease.startsWith('beta') ? 1000 : 2000) + n;
	}
	if (v.patch === undefined) return 0;
	return 10_000 + v.patch;
}

/** Parses a go.mod style "1.22" / "1.22.0" / "1.21rc1" language or toolchain version. */
export function parseLanguageVersion(text: string): GoVersion | undefined {
	return parseGoVersion(`go${text.trim()}`);
}
