import {compareGoVersions, type GoVersion} from '../version.js';
import {minGoVersion, teamToolchain, type Profile} from './profile.js';

/** One of the profile's Go requirements against the installed go; ok is null when the installed version is unknown. */
export type GoRequirement = {
	kind: 'minVersion' | 'toolchain';
	wanted: string;
	installed: string | null;
	ok: boolean | null;
	message: string;
	/** The command that installs or switches to the Go the team wants; present when ok is not true. */
	fix?: string;
};

/**
 * go.minVersion (the oldest Go the team supports) and go.toolchain (the release the team builds with) against the
 * go found on this machine. "1.26" in go.toolchain accepts any 1.26.x; "1.26.8" only that release.
 */
export function goRequirements(profile: Profile, installed: GoVersion | undefined): GoRequirement[] {
	const have = installed ? installed.raw.split(/\s+/)[0]! : null;
	const requirements: GoRequirement[] = [];
	const min = minGoVersion(profile);
	if (min && profile.go?.minVersion) {
		const wanted = profile.go.minVersion.replace(/^go/, '');
		const ok = installed ? compareGoVersions(installed, min) >= 0 : null;
		requirements.push({
			kind: 'minVersion',
			wanted,
			installed: have,
			ok,
			message:
				ok === null
					? `the team profile needs Go >= ${wanted}; gotune could not tell which go is installed`
					: ok
						? `${have} meets the team profile's minimum Go ${wanted}`
						: `the team profile needs Go >= ${wanted}; the installed go is ${have}`,
			...(ok === true ? {} : {fix: `gotune install-go ${wanted}`}),
		});
	}
	const toolchain = teamToolchain(profile);
	if (toolchain && profile.go?.toolchain) {
		const wanted = `go${profile.go.toolchain.replace(/^go/, '')}`;
		const ok = installed
			? !installed.devel &&
				installed.major === toolchain.major &&
				installed.minor === toolchain.minor &&
				(toolchain.patch === undefined || (installed.patch ?? 0) === toolchain.patch)
			: null;
		requirements.push({
			kind: 'toolchain',
			wanted,
			installed: have,
			ok,
			message:
				ok === null
					? `the team profile builds with ${wanted}; gotune could not tell which go is installed`
					: ok
						? `${have} is the team profile's toolchain ${wanted}`
						: `the team profile builds with ${wanted}; the installed go is ${have}`,
			...(ok === true ? {} : {fix: `gotune install-go ${wanted.slice(2)}`}),
		});
	}
	return requirements;
}
