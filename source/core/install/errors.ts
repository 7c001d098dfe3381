/** Bad input (a version that does not exist, a mirror URL that is not http(s)): exit 2, nothing changed. */
export class InstallRefusal extends Error {
	override name = 'InstallRefusal';
}

/** The install could not be done for a reason the user can act on (network, checksum, disk): exit 1. */
export class InstallFailure extends Error {
	override name = 'InstallFailure';
}

/** A server answered with a non-2xx status: the GOPROXY walk needs the status (404/410 fall through on ","). */
export class HttpStatusFailure extends InstallFailure {
	override name = 'HttpStatusFailure';
	constructor(
		message: string,
		readonly status: number,
	) {
		super(message);
	}
}
