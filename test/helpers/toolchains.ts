import {existsSync} from 'node:fs';

/** The go binary integration tests run against: GOTUNE_TEST_GO (a path), else the newest installed Debian toolchain. */
export function testGo(): string {
	const chosen = process.env['GOTUNE_TEST_GO'];
	if (chosen) return chosen;
	const found = installedToolchains()[0];
	if (!found) throw new Error('No Go toolchain for integration tests: run .ci/install-go, or set GOTUNE_TEST_GO=/path/to/bin/go');
	return found;
}

/** Debian's toolchains the project tests against (see .ci/install-go), newest first. */
export function installedToolchains(): string[] {
	return ['/usr/lib/go-1.23/bin/go', '/usr/lib/go-1.19/bin/go'].filter(path => existsSync(path));
}
