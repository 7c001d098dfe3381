/** Bad input (a version that does not exist, a mirror URL that is not http(s)): exit 2, nothing changed. */
export class InstallRefusal extends Error {
	override name = 'InstallRefusal';
}

/** The install could not be done for a reason the user can act on (network, checksum, disk): exit 1. */
export class InstallFailure extends Error {
	override name = 'InstallFailure';
}
