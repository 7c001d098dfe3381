/**
 * Every flag name go 1.26 accepts in GOFLAGS: go checks each GOFLAGS word against the flags of all its commands
 * (cmd/go/internal/base/goflags.go) and every go command fails with "go: parsing $GOFLAGS: unknown flag -NAME" for
 * any other. Taken from go 1.26.8 by running `GOFLAGS=-NAME=1 go version` for each flag its sources define;
 * no flag go 1.19 knows is missing here (same test), so a flag not listed fails on old and new go alike.
 */
export const GO_1_26_FLAGS: ReadonlySet<string> = new Set(
	(
		'C a artifacts asan asmflags bench benchmem benchtime blockprofile blockprofilerate buildmode buildvcs c cache ' +
		'changed compat compiled compiler count cover covermode coverpkg coverprofile cpu cpuprofile d debug-actiongraph ' +
		'debug-runtime-trace debug-trace deps diff dropexclude dropgodebug dropignore dropreplace droprequire dropretract ' +
		'droptool dropuse e exclude exec export f failfast find fix fmt fullpath fuzz fuzzcache fuzzminimizetime fuzztime ' +
		'gccgoflags gcflags go godebug i ignore insecure installsuffix json ldflags linkshared list m memprofile ' +
		'memprofilerate mod modcache modcacherw modfile module msan mutexprofile mutexprofilefraction n o outputdir overlay ' +
		'p parallel pgo pkgdir print r race replace require retract retracted reuse run short shuffle skip t tags test ' +
		'testcache timeout tool toolchain toolexec trace trimpath u use v vendor versions vet w work x'
	).split(' '),
);

/** GOFLAGS split as go splits it (cmd/internal/quoted): on spaces, with '...' or "..." keeping spaces in one word. */
export function splitGoFlags(value: string): string[] {
	const words: string[] = [];
	for (const match of value.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) words.push(match[1] ?? match[2] ?? match[3]!);
	return words;
}

/** The flag name of one GOFLAGS word (-name, --name, -name=value), or undefined when go calls it a non-flag. */
export function goFlagName(word: string): string | undefined {
	if (!word.startsWith('-') || word === '-' || word === '--' || word.startsWith('---') || /^--?=/.test(word)) return undefined;
	return word.replace(/^--?/, '').replace(/=.*$/s, '');
}

/** The values go's flag package takes as true for a boolean flag (strconv.ParseBool). */
const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/**
 * Whether GOFLAGS turns -trimpath on, as go applies its words: in order, so the last -trimpath word decides
 * ("-trimpath -trimpath=false" is off), with any value strconv.ParseBool reads as true ("-trimpath=1" is on).
 */
export function goflagsTrimpath(goflags: string): boolean {
	let on = false;
	for (const word of splitGoFlags(goflags)) {
		const match = /^--?trimpath(?:=(.*))?$/s.exec(word);
		if (match) on = match[1] === undefined || TRUE_WORDS.has(match[1]);
	}
	return on;
}
