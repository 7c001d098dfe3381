import type {Check} from '../checks.js';
import type {Runtime} from '../runtime.js';
import type {ToolchainFindings} from '../steps/toolchain.js';
import {inspectTools, type ToolState, type ToolsReport} from './inspect.js';

/** gopls, dlv, staticcheck (golangci-lint when present) for `gotune doctor`: found, on PATH, built with a go new enough. */
export async function toolsDoctorChecks(runtime: Runtime, toolchain: Promise<ToolchainFindings>): Promise<Check[]> {
	const {discovery, tools} = await toolchain;
	// The toolchain check found them along with its go env (the wizard shows the same report).
	if (tools) return toolChecks(tools);
	const winner = discovery.winner;
	// No working go: the toolchain check says so; `go version -m` could not run either.
	if (winner === undefined || winner.version === undefined) return [];
	// go env failed or a setting locks go out: asked again here (go version -m may still read the binaries).
	return toolChecks(await inspectTools(runtime, winner.path, {goVersion: winner.version}));
}

export function toolChecks(report: ToolsReport): Check[] {
	return report.tools.map(tool => toolCheck(tool, report));
}

function toolCheck(tool: ToolState, report: ToolsReport): Check {
	const base = {id: `tools.${tool.name}`, group: 'tools' as const};
	const install = `gotune tools --install ${tool.name}   # go install ${tool.pkg}@${tool.defaultVersion}, reversible`;
	if (tool.path === undefined)
		return {
			...base,
			status: 'warn',
			message: `${tool.name} (${tool.role}) is not installed`,
			summary: `${tool.name} missing`,
			fix: install,
		};
	if (tool.error !== undefined)
		return {
			...base,
			status: 'warn',
			message: `${tool.name} at ${tool.path}: go version -m cannot read it (${tool.error})`,
			summary: `${tool.name} unreadable`,
			fix: install,
		};
	const what = `${tool.name} ${tool.version ?? '(no module version)'} at ${tool.path}, built with ${tool.builtWith ?? '?'}`;
	if (tool.stale) {
		const ref = report.reference!;
		const against = ref.from === 'go.mod' ? `the project's go ${ref.version} (go.mod)` : `the go here (${ref.version})`;
		return {
			...base,
			status: 'warn',
			message: `${what}: older than ${against}; it may misread newer code`,
			summary: `${tool.name} built with ${tool.builtWith ?? '?'}`,
			fix: `gotune tools --install ${tool.name}   # rebuilds it with the go on PATH`,
		};
	}
	if (!tool.onPath && report.toolsDir)
		return {
			...base,
			status: 'warn',
			message: `${what}; ${report.toolsDir.from} (${report.toolsDir.dir}) is not on PATH, so a shell does not find it`,
			summary: `${tool.name} not on PATH`,
			fix: `export PATH="$PATH:${report.toolsDir.dir}"   # in your shell start-up file`,
		};
	return {...base, status: 'ok', message: what, summary: `${tool.name} ${tool.version ?? '?'}`};
}
