import {compareGoVersions, majorOf, parseGoVersion, type GoVersion} from '../version.js';
import {InstallFailure, InstallRefusal} from './errors.js';
import type {Release, ReleaseFile} from './feed.js';

const SPEC_HELP =
	'give a version such as 1.23.4 or go1.23.4, a major version such as 1.23 (its newest patch), or latest (the newest stable release)';

type Parsed = {release: Release; version: GoVersion};

function parsed(releases: Release[]): Parsed[] {
	return releases
		.map(release => ({release, version: parseGoVersion(release.version)}))
		.filter((r): r is Parsed => r.version !== undefined && !r.version.devel)
		.sort((a, b) => compareGoVersions(b.version, a.version));
}

/**
 * VERSION as the user typed it → one release of the index: `1.23.4` / `go1.23.4` exactly, `1.23` its newest stable
 * patch, `latest` the newest stable release. Anything else is refused naming the nearest versions that exist.
 */
export function resolveVersion(releases: Release[], spec: string): Release {
	const all = parsed(releases);
	const stable = all.filter(r => r.release.stable);
	const text = spec.trim().toLowerCase();
	if (text === 'latest') {
		const newest = stable[0];
		if (newest === undefined) throw new InstallFailure('the release index lists no stable release');
		return newest.release;
	}
	const wanted = parseGoVersion(text.startsWith('go') ? text : `go${text}`);
	if (wanted === undefined || wanted.devel) throw new InstallRefusal(`VERSION "${spec}" is not a Go version: ${SPEC_HELP}`);
	if (wanted.patch === undefined && wanted.prerelease === undefined) {
		const newestPatch = stable.find(r => majorOf(r.version) === majorOf(wanted));
		if (newestPatch) return newestPatch.release;
	} else {
		// The first release of older majors is named go1.20, not go1.20.0.
		const exact = all.find(r => sameRelease(r.version, wanted));
		if (exact) return exact.release;
	}
	const near = nearest(stable, wanted).map(r => r.release.version.replace(/^go/, ''));
	throw new InstallRefusal(
		`Go ${text.replace(/^go/, '')} is not in the release index${near.length ? `; the nearest releases are ${near.join(', ')}` : ''}. ${SPEC_HELP[0]!.toUpperCase()}${SPEC_HELP.slice(1)}.`,
	);
}

function sameRelease(a: GoVersion, b: GoVersion): boolean {
	return a.major === b.major && a.minor === b.minor && (a.patch ?? 0) === (b.patch ?? 0) && a.prerelease === b.prerelease;
}

/** Up to four stable releases closest to WANTED (same major first, then neighbouring majors), newest first. */
function nearest(stable: Parsed[], wanted: GoVersion): Parsed[] {
	const distance = (v: GoVersion) =>
		Math.abs(v.major - wanted.major) * 10_000 + Math.abs(v.minor - wanted.minor) * 100 + Math.abs((v.patch ?? 0) - (wanted.patch ?? 0));
	return [...stable]
		.sort((a, b) => distance(a.version) - distance(b.version))
		.slice(0, 4)
		.sort((a, b) => compareGoVersions(b.version, a.version));
}

/** The newest stable release of each major, newest major first (what the wizard lists first). */
export function newestOfEachMajor(releases: Release[], majors = 2): Release[] {
	const seen = new Set<string>();
	const out: Release[] = [];
	for (const r of parsed(releases).filter(r => r.release.stable)) {
		if (seen.has(majorOf(r.version))) continue;
		seen.add(majorOf(r.version));
		out.push(r.release);
		if (out.length === majors) break;
	}
	return out;
}

export type GoPlatform = {os: string; arch: string};

/** Node's platform/arch in Go's words (GOOS/GOARCH as the release files name them). */
export function currentPlatform(platform: string = process.platform, arch: string = process.arch): GoPlatform {
	const os = ({win32: 'windows'} as Record<string, string>)[platform] ?? platform;
	const goArch = ({x64: 'amd64', ia32: '386', arm: 'armv6l', ppc64: 'ppc64le'} as Record<string, string>)[arch] ?? arch;
	return {os, arch: goArch};
}

/** The .tar.gz archive of RELEASE for PLATFORM (kind "archive"); installers and source tarballs are never picked. */
export function pickArchive(release: Release, platform: GoPlatform): ReleaseFile {
	const archives = release.files.filter(f => f.kind === 'archive');
	const file = archives.find(f => f.os === platform.os && f.arch === platform.arch);
	if (file === undefined) {
		const available = archives.map(f => `${f.os}/${f.arch}`).join(', ') || 'none';
		throw new InstallFailure(`${release.version} has no archive for ${platform.os}/${platform.arch} (archives: ${available})`);
	}
	if (!file.filename.endsWith('.tar.gz')) throw new InstallFailure(`${file.filename}: gotune installs .tar.gz archives only`);
	if (!/^[0-9a-f]{64}$/.test(file.sha256))
		throw new InstallFailure(`the index gives ${file.filename} no SHA-256 checksum ("${file.sha256}"): refusing to install it unverified`);
	return file;
}

/** What the wizard offers: the newest stable of each supported major first, then other stable releases, newest first. */
export function offeredReleases(releases: Release[], limit = 12): Array<{version: string; note: string}> {
	const first = newestOfEachMajor(releases);
	const rest = parsed(releases).filter(r => r.release.stable && !first.includes(r.release));
	return [
		...first.map(r => ({version: r.version, note: `newest go${majorOf(parseGoVersion(r.version)!)}`})),
		...rest.map(r => ({version: r.release.version, note: ''})),
	].slice(0, limit);
}
