import type {Env} from '../env.js';
import {matchingPattern} from '../proxy/match.js';
import {
	command,
	privatePattern,
	setting,
	settingChange,
	suggestedCommand,
	unsetChange,
	withPattern,
	type Described,
	type Machine,
} from './fixes.js';
import type {Finding, ProblemClass} from './types.js';

const PROXY_KEYS = ['GOPROXY', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOSUMDB', 'GOINSECURE', 'GOFLAGS'];

type Describer = (facts: Record<string, string>, subject: string | undefined, lines: string[], machine: Machine, env: Env) => Described;

/** One plain sentence and the fix, per class; the lines and this machine's settings decide between fixes. */
const DESCRIBERS: Record<ProblemClass, Describer> = {
	'module-not-on-proxy'(facts, module = 'the module', _lines, machine) {
		const version = facts['version'];
		const wholeModule = facts['file'] === undefined || facts['file'] === 'list';
		const summary = wholeModule
			? `The module proxy has no module ${module} (${facts['status']}): the path is misspelt, or the module is private and the proxy cannot see it.`
			: `The module proxy has no version ${version ?? facts['file']} of ${module} (${facts['status']}).`;
		const fix = wholeModule
			? setting(
					'GOPRIVATE',
					withPattern(machine.values['GOPRIVATE'] ?? '', privatePattern(module)),
					machine,
					`only if ${module} is private; else correct the module path in the import or go.mod`,
				)
			: command(`go get ${module}@latest`, `or list the versions there are: go list -m -versions ${module}`);
		return {summary, fix, keys: PROXY_KEYS, confidence: wholeModule ? 'medium' : 'high'};
	},
	'private-credentials'(facts, module, lines, machine) {
		const host = hostOf(facts['url']) ?? (module ? module.split('/')[0] : undefined) ?? 'HOST';
		const summary = `go could not sign in to ${host} to fetch ${module ?? 'a module'}: it has no credentials for it and may not prompt for them.`;
		const viaProxy = facts['url'] !== undefined && /\/@v\//.test(facts['url']);
		if (viaProxy)
			return {
				summary,
				fix: command(
					`printf 'machine ${host} login USER password TOKEN\\n' >> ~/.netrc`,
					'go sends .netrc credentials to a GOPROXY host; replace USER and TOKEN',
				),
				keys: PROXY_KEYS,
				confidence: 'medium',
			};
		// A private host: `gotune access` writes the credentials through the journal where the failing request reads
		// them (go's go-get request, or the git that go runs: both read ~/.netrc), and checks again.
		const goGet = /[?&]go-get=1/.test(facts['url'] ?? '');
		const access = `gotune access${module ? ` ${module}` : ''} --fix netrc --user NAME --password-stdin`;
		const accessNote = goGet
			? `go's own request for the go-get page needs credentials (on go >= 1.24 also: --fix goauth); the token is read from stdin`
			: `git, run by go, needs credentials: ~/.netrc serves it over https (or --fix insteadof: SSH with your key); the token is read from stdin`;
		const needsPrivate = module !== undefined && matchingPattern(machine.values['GONOPROXY'] ?? '', module) === undefined;
		if (needsPrivate && !goGet && lines.some(l => /git ls-remote|terminal prompts disabled|could not read Username/.test(l)))
			return {
				summary,
				fix: {
					kind: 'setting',
					changes: [settingChange('GOPRIVATE', withPattern(machine.values['GOPRIVATE'] ?? '', privatePattern(module)), machine)],
					note: `then give git credentials: ${access}`,
				},
				keys: PROXY_KEYS,
				confidence: 'medium',
			};
		return {summary, fix: command(access, accessNote), keys: PROXY_KEYS, confidence: 'high'};
	},
	'insecure-credentials'(facts, module, _lines, machine) {
		const where = hostPort(facts['url']);
		const summary = `A GOPROXY entry carries a user name and password, and go refuses to send them over plain http to ${where ?? 'the proxy'}${module ? ` (fetching ${module})` : ''}.`;
		// The entry with these credentials, http:// → https:// (go prints the password as xxxxx: the host and port find it).
		const entries = (machine.values['GOPROXY'] ?? '').split(/([,|])/);
		const index = entries.findIndex(e => /^http:\/\/[^/@]+@/i.test(e) && hostPort(e) === where);
		if (where === undefined || index < 0)
			return {
				summary,
				fix: command('go env GOPROXY', 'write the entry with https://, or drop the user:password from it and put them in ~/.netrc'),
				keys: ['GOPROXY'],
				confidence: 'medium',
			};
		entries[index] = entries[index]!.replace(/^http:/i, 'https:');
		return {
			summary,
			fix: setting('GOPROXY', entries.join(''), machine, `if ${where} answers HTTPS; else ask its owner for an https address`),
			keys: ['GOPROXY'],
			confidence: 'high',
		};
	},
	'checksum-mismatch'(facts, module) {
		const target = module ? `${module}${facts['version'] ? ` ${facts['version']}` : ''}` : 'a module';
		return {
			summary: `What go downloaded for ${target} does not match the hash recorded in go.sum (or the checksum database): the code changed, or go.sum was edited.`,
			fix: command(
				'go mod tidy',
				`only after finding out which hash is right: delete the go.sum lines of ${target}, then go mod tidy records the hash the checksum database vouches for`,
			),
			keys: ['GOSUMDB', 'GONOSUMDB', 'GOPRIVATE', 'GOFLAGS'],
			confidence: 'high',
		};
	},
	'checksum-db-private'(facts, module = 'the module', _lines, machine) {
		return {
			summary: `The checksum database does not know ${module} (${facts['status']}): it is private, so go must not ask the public checksum database about it.`,
			fix: setting(
				'GONOSUMDB',
				withPattern(machine.values['GONOSUMDB'] ?? '', privatePattern(module)),
				machine,
				'GOPRIVATE does the same and also skips the proxy',
			),
			keys: PROXY_KEYS,
			confidence: 'high',
		};
	},
	tls(facts, _module, _lines, machine) {
		const detail = facts['detail'] ?? '';
		if (/unknown authority/.test(detail)) {
			return {
				summary:
					"The server's TLS certificate is signed by an authority this machine does not trust (often a company proxy that inspects traffic).",
				fix: setting(
					'SSL_CERT_FILE',
					'/path/to/company-ca.pem',
					{...machine, sources: {...machine.sources, SSL_CERT_FILE: 'process'}},
					'a PEM file with the CA that signed the certificate; go reads SSL_CERT_FILE only from the OS environment',
				),
				keys: ['SSL_CERT_FILE', 'SSL_CERT_DIR', 'HTTPS_PROXY', 'GOPROXY', 'GOINSECURE'],
				confidence: 'high',
			};
		}
		if (/expired/.test(detail)) {
			return {
				summary: "The server's TLS certificate has expired or is not valid yet (or this machine's clock is wrong).",
				fix: command('date', "check the clock first; an expired server certificate is the server owner's to renew"),
				keys: ['GOPROXY', 'HTTPS_PROXY'],
				confidence: 'medium',
			};
		}
		return {
			summary: "The server's TLS certificate is for another name than the one go connected to.",
			fix: command('go env GOPROXY', 'check the host names in GOPROXY (and HTTPS_PROXY) against the certificate'),
			keys: ['GOPROXY', 'HTTPS_PROXY', 'SSL_CERT_FILE'],
			confidence: 'medium',
		};
	},
	network(facts, _module, lines, _machine, env) {
		const host = facts['host'] ?? 'a server';
		const why =
			facts['detail'] === 'no such host' ? `the name ${host} does not resolve (DNS)` : `${host} did not answer (${facts['detail']})`;
		// "proxyconnect tcp": go went through the HTTP proxy of HTTPS_PROXY/HTTP_PROXY, and the proxy is what failed.
		const text = lines.join('\n');
		const target = hostPort(/\bGet "([^"]+)"/.exec(text)?.[1]);
		if (/proxyconnect tcp/.test(text)) {
			const key = /\bGet "http:/.test(text) ? 'HTTP_PROXY' : 'HTTPS_PROXY';
			return {
				summary: `go reaches ${target ?? 'the server'} through the HTTP proxy in ${key}, and that proxy failed: ${why}.`,
				fix: command(
					`export ${key}=http://PROXY-HOST:PORT   # in the shell start-up file that sets ${key}`,
					`the proxy your network really has; or, if ${target ?? 'the host'} needs no proxy: export NO_PROXY=${withPattern(env['NO_PROXY'] ?? env['no_proxy'] ?? '', target ?? 'HOST')}`,
				),
				keys: [key, 'NO_PROXY', 'GOPROXY'],
				confidence: 'high',
			};
		}
		const proxy = env['HTTPS_PROXY'] ?? env['https_proxy'];
		const bypass = proxy ? ' (HTTPS_PROXY is set, but go does not use it for this host: NO_PROXY or a loopback address)' : '';
		return {
			summary: `go could not reach a server: ${why}${bypass}.`,
			fix: command('gotune probe', 'tries the GOPROXY candidates and recommends one that answers from here'),
			keys: ['GOPROXY', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'GOPRIVATE'],
			confidence: 'high',
		};
	},
	'goproxy-off'(_facts, module, _lines, machine) {
		const change = unsetChange('GOPROXY', machine, 'unset GOPROXY   # in the shell start-up file that exports GOPROXY=off');
		return {
			summary: `GOPROXY=off forbids go to download anything, and ${module ?? 'a module'} is not in the module cache.`,
			fix: {kind: 'setting', changes: [change], note: "back to go's default proxy list"},
			keys: ['GOPROXY', 'GOFLAGS'],
			confidence: 'high',
		};
	},
	'inconsistent-vendoring'() {
		return {
			summary: 'The vendor directory does not match go.mod, and go builds from vendor (-mod=vendor).',
			fix: command('go mod vendor'),
			keys: ['GOFLAGS'],
			confidence: 'high',
		};
	},
	'toolchain-too-old'(facts, _module, _lines, machine) {
		const need = facts['need'] ?? '';
		const running = facts['running'] ?? machine.values['GOVERSION']?.replace(/^go/, '') ?? '?';
		const summary = `The module needs go ${need} or newer, but this is go ${running}${facts['policy'] ? ` and ${facts['policy']} stops go from fetching a newer one` : ''}.`;
		const minor = Number(/^1\.(\d+)/.exec(running)?.[1] ?? 0);
		// Go >= 1.21 switches toolchains itself when GOTOOLCHAIN allows it; older go has to be replaced.
		const fix =
			minor >= 21
				? setting('GOTOOLCHAIN', 'auto', machine, `go then downloads go ${need} through GOPROXY when a module needs it`)
				: command(`gotune install-go ${need}`, 'this go predates automatic toolchain switching (go 1.21)');
		return {summary, fix, keys: ['GOTOOLCHAIN', 'GOVERSION', 'GOPROXY'], confidence: facts['running'] ? 'high' : 'medium'};
	},
	'toolchain-download'(facts, _module, _lines, machine) {
		if (facts['module'] !== undefined)
			return {
				summary: `go would switch to the toolchain ${facts['version']}, but GOSUMDB=off: go downloads a toolchain only when the checksum database vouches for it.`,
				fix: {kind: 'setting', changes: [unsetChange('GOSUMDB', machine)], note: "back to go's checksum database"},
				keys: ['GOSUMDB', 'GONOSUMDB', 'GOTOOLCHAIN', 'GOPROXY'],
				confidence: 'high',
			};
		const need = facts['need'] ?? 'the toolchain';
		if (machine.values['GOPROXY'] === 'off')
			return {
				summary: `go needs the toolchain ${need} and would download it, but GOPROXY=off forbids downloads.`,
				fix: {kind: 'setting', changes: [unsetChange('GOPROXY', machine)], note: "back to go's default proxy list"},
				keys: ['GOPROXY', 'GOTOOLCHAIN'],
				confidence: 'high',
			};
		return {
			summary: `go needs the toolchain ${need} (GOTOOLCHAIN, or the go/toolchain line of go.mod) and the module proxy does not have it for ${facts['platform'] ?? 'this system'}: no such Go release, or a proxy without toolchains.`,
			fix: command(
				'go env GOTOOLCHAIN',
				`check the version against the Go releases (a release is go1.N.P; go1.N is only a language version), then fix the go or toolchain line of go.mod, or GOTOOLCHAIN`,
			),
			keys: ['GOTOOLCHAIN', 'GOPROXY', 'GOVERSION'],
			confidence: 'medium',
		};
	},
	'lookup-disabled'(facts, _module, lines, machine) {
		const vendored = lines.map(l => /^\t\S*\/vendor\/(\S+)$/.exec(l)?.[1]).find(p => p !== undefined);
		const pkg = facts['package'] ?? vendored ?? 'the package';
		if (facts['mode'] === 'vendor' || vendored !== undefined) {
			const fromGoflags = /(?:^|\s)-mod=vendor(?:\s|$)/.test(machine.values['GOFLAGS'] ?? '');
			return {
				summary: `go builds from the vendor directory (-mod=vendor${fromGoflags ? ' in GOFLAGS' : ''}), and vendor has no package ${pkg}: go may not download it.`,
				fix: command(
					'go mod vendor',
					`copies every required package into vendor; if go.mod does not require ${pkg} yet, first: go get ${pkg} (go get ignores -mod=vendor)`,
				),
				keys: ['GOFLAGS'],
				confidence: 'high',
			};
		}
		return {
			summary: `No module in go.mod provides ${pkg}, and -mod=readonly forbids go to add one.`,
			fix: command(`go get ${pkg}`, 'adds the requirement to go.mod and go.sum'),
			keys: ['GOFLAGS'],
			confidence: 'high',
		};
	},
	'missing-go-sum'(facts, module, lines) {
		const what = facts['package']
			? `the module providing package ${facts['package']}`
			: facts['verify']
				? `the modules that could provide package ${facts['verify']} (go must check only one does)`
				: (module ?? 'a module');
		return {
			summary: `go.sum has no checksum for ${what}, so go refuses to use it.`,
			fix: command(suggestedCommand(lines) ?? 'go mod tidy'),
			keys: ['GOFLAGS', 'GONOSUMDB', 'GOSUMDB'],
			confidence: 'high',
		};
	},
	'module-path-mismatch'(facts, module, lines) {
		const required = lines.map(l => /but was required as: (\S+)/.exec(l)?.[1]).find(Boolean) ?? module ?? 'the old path';
		const declared = facts['declared'] ?? '';
		return {
			summary: `The module at ${required} calls itself ${declared} in its go.mod: it moved, and imports must use the new path.`,
			fix: command(`go get ${declared}@latest`, `then change imports of ${required} to ${declared} and run go mod tidy`),
			keys: ['GOPROXY'],
			confidence: 'high',
		};
	},
	'no-required-module'(facts, _module, lines) {
		const pkg = facts['package'] ?? 'a package';
		return {
			summary: `No module in go.mod provides the imported package ${pkg}.`,
			fix: command(suggestedCommand(lines) ?? `go get ${pkg}`, 'or go mod tidy adds every missing requirement'),
			keys: ['GOFLAGS', 'GOPROXY'],
			confidence: 'high',
		};
	},
	'ambiguous-import'(facts, _module, lines) {
		const modules = lines.map(l => /^\t(\S+) v\S+ \(/.exec(l)?.[1]).filter((m): m is string => m !== undefined);
		const parent = modules.reduce<string | undefined>((best, m) => (best === undefined || m.length < best.length ? m : best), undefined);
		return {
			summary: `Package ${facts['package']} is found in more than one place (${modules.length > 0 ? modules.join(' and ') : 'two directories'}), so go cannot choose.`,
			fix: command(
				parent ? `go get ${parent}@latest` : 'go mod tidy',
				parent ? 'a newer version of the enclosing module usually no longer holds the nested package' : undefined,
			),
			keys: ['GOFLAGS'],
			confidence: 'low',
		};
	},
	'unknown-revision'(facts, module = 'the module') {
		return {
			summary: `${module} has no version or commit called ${facts['revision']}.`,
			fix: command(`go get ${module}@latest`, `or list the versions there are: go list -m -versions ${module}`),
			keys: PROXY_KEYS,
			confidence: 'high',
		};
	},
	'goflags-lockout'(facts, _module, _lines, machine) {
		if (facts['toolchain'] !== undefined)
			return {
				summary: `GOTOOLCHAIN is "${facts['toolchain']}", which go cannot read (allowed: auto, local, path, goVERSION, goVERSION+auto, goVERSION+path), so every go command fails.`,
				fix: {kind: 'setting', changes: [unsetChange('GOTOOLCHAIN', machine)]},
				keys: ['GOTOOLCHAIN'],
				confidence: 'high',
			};
		const repair = machine.repairs.goflags?.[0];
		return {
			summary: `GOFLAGS holds something go cannot parse (${facts['detail']}), so every go command fails before it starts.`,
			// Set in the GOENV file: the journal removes it (--fix); set in the shell: the repair line doctor prints.
			fix:
				repair && machine.sources['GOFLAGS'] !== 'goenv'
					? command(repair)
					: {kind: 'setting', changes: [unsetChange('GOFLAGS', machine, 'unset GOFLAGS')]},
			keys: ['GOFLAGS'],
			confidence: 'high',
		};
	},
	'build-cache'(facts, _module, lines, machine) {
		const text = lines.join('\n');
		if (/GOCACHE=off/.test(text)) {
			const repair = machine.repairs.gocache?.[0];
			return {
				summary: 'The build cache is turned off (GOCACHE=off); go 1.12 and later cannot build without it.',
				fix:
					repair && machine.sources['GOCACHE'] !== 'goenv'
						? command(repair)
						: {kind: 'setting', changes: [unsetChange('GOCACHE', machine, 'unset GOCACHE')]},
				keys: ['GOCACHE'],
				confidence: 'high',
			};
		}
		if (/GOCACHE is not an absolute path/.test(text))
			return {
				summary: `GOCACHE is a relative path (${machine.values['GOCACHE'] || 'as set'}); go needs an absolute one for its build cache.`,
				fix: {
					kind: 'setting',
					changes: [unsetChange('GOCACHE', machine)],
					note: 'go then uses $HOME/.cache/go-build; or set an absolute path',
				},
				keys: ['GOCACHE'],
				confidence: 'high',
			};
		if (facts['path'])
			return {
				summary: `go cannot write its build cache at ${facts['path']} (permission denied).`,
				fix: command(`sudo chown -R "$(id -un)" ${facts['path']}`, 'or point GOCACHE at a directory you own'),
				keys: ['GOCACHE'],
				confidence: 'high',
			};
		return {
			summary: 'go has nowhere to put its build cache: GOCACHE, XDG_CACHE_HOME and HOME are all unset.',
			fix: {
				kind: 'setting',
				changes: [
					{
						key: 'GOCACHE',
						value: '$HOME/.cache/go-build',
						command: 'export HOME=/home/USER   # or: export GOCACHE=/a/writable/dir',
						via: 'manual',
					},
				],
			},
			keys: ['GOCACHE', 'HOME', 'XDG_CACHE_HOME'],
			confidence: 'high',
		};
	},
	'module-cache-permission'(facts, _module, _lines, machine) {
		const dir = machine.values['GOMODCACHE'] || facts['path'] || 'GOMODCACHE';
		return {
			summary: `go cannot write to the module cache (${facts['path']}: permission denied); it was probably filled by another user (sudo go ...).`,
			fix: command(`sudo chown -R "$(id -un)" ${dir}`),
			keys: ['GOMODCACHE', 'GOPATH', 'GOFLAGS'],
			confidence: 'high',
		};
	},
	'disk-full'(facts, _module, _lines, machine) {
		const file = facts['path'];
		const keys = ['GOCACHE', 'GOMODCACHE', 'GOTMPDIR'];
		// Which cache the write went to says what to free: go's own clean commands remove only what it can fetch or rebuild.
		const under = (key: string) => {
			const dir = machine.values[key]?.replace(/\/+$/, '');
			return dir !== undefined && dir !== '' && file !== undefined && (file === dir || file.startsWith(`${dir}/`));
		};
		if (under('GOMODCACHE'))
			return {
				summary: `The disk holding the module cache is full: go could not write ${file}.`,
				fix: command(
					'go clean -modcache',
					'removes every downloaded module (go downloads them again when needed); or free space on that disk',
				),
				keys,
				confidence: 'high',
			};
		if (under('GOCACHE'))
			return {
				summary: `The disk holding the build cache is full: go could not write ${file}.`,
				fix: command('go clean -cache', 'empties the build cache (go rebuilds what it needs); or free space on that disk'),
				keys,
				confidence: 'high',
			};
		return {
			summary: `The disk is full: go could not write ${file ?? 'a file'}.`,
			fix: command(
				'go clean -cache',
				"frees the build cache; gotune cache shows what the caches hold; GOTMPDIR moves go's temporary files",
			),
			keys,
			confidence: 'high',
		};
	},
	workspace(facts, module, lines) {
		const suggested = facts['use'] ?? suggestedCommand(lines);
		if (facts['need'] !== undefined)
			return {
				summary: `The workspace module ${module === '.' ? 'in this directory' : module} needs go ${facts['need']}, but go.work says go ${facts['have']}.`,
				fix: command(suggested ?? 'go work use', "raises go.work's go line to what its modules need"),
				keys: ['GOWORK', 'GOTOOLCHAIN'],
				confidence: 'high',
			};
		if (/no go\.work file found/.test(lines.join('\n')))
			return {
				summary: 'This go work command needs a go.work file, and there is none here or above (nor one named by GOWORK).',
				fix: command('go work init', 'then go work use DIR for each module of the workspace'),
				keys: ['GOWORK'],
				confidence: 'high',
			};
		const where = facts['dir'] ? `directory ${facts['dir']}` : 'current directory';
		if (/(?:outside|does not contain) modules listed in go\.work/.test(lines.join('\n')))
			return {
				summary: `The ${where} is in none of the modules go.work lists (nor their dependencies), so the workspace has nothing to build there.`,
				fix: command(
					'go work use .',
					'if this directory has a go.mod; else run the command inside a workspace module, or GOWORK=off go ...',
				),
				keys: ['GOWORK'],
				confidence: 'medium',
			};
		return {
			summary: `The ${where} belongs to a module that go.work does not list, so the workspace does not build it.`,
			fix: command(suggested ?? 'go work use .', 'or build it outside the workspace: GOWORK=off go build ./...'),
			keys: ['GOWORK'],
			confidence: 'high',
		};
	},
};

export function describe(finding: Finding, lines: string[], machine: Machine, env: Env = {}): Described {
	return DESCRIBERS[finding.class](finding.facts, finding.subject, lines, machine, env);
}

function hostOf(url: string | undefined): string | undefined {
	if (url === undefined) return undefined;
	return /^[a-z]+:\/\/(?:[^@/]*@)?([^/:]+)/i.exec(url)?.[1];
}

/** host:port of URL (the user info dropped), as go writes it in the failing URL. */
function hostPort(url: string | undefined): string | undefined {
	if (url === undefined) return undefined;
	return /^[a-z]+:\/\/(?:[^@/]*@)?([^/?#]+)/i.exec(url)?.[1]?.toLowerCase();
}
