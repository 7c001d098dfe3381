import {resolveGo} from '../core/go-resolver.js';
import {toolChecks} from '../core/tools/doctor-check.js';
import {inspectTools, type ToolsReport} from '../core/tools/inspect.js';
import {
	parseToolRequest,
	planToolsInstall,
	runToolsInstall,
	type ToolsEvent,
	type ToolsPlan,
	type ToolsResult,
} from '../core/tools/install.js';
import {UsageError, type CommandContext} from './context.js';
import {installErrors} from './install-go.js';
import {asCommandErrors} from './journal-output.js';
import {formatChecks, paint, styleFor, writeLine, type Style} from './output.js';
import {confirmThenRun} from './progress.js';

/**
 * gotune tools: gopls, dlv, staticcheck (golangci-lint when present), found or not, their version and the go that
 * built them. Exit 0 when every one is installed, on PATH and built with a go as new as the project's go line; 1
 * otherwise. --install NAME[@VERSION]... builds them with go install through GOPROXY, as one change set (exit 0 done,
 * 1 failed, 2 an unknown name, 130 interrupted).
 */
export async function run(context: CommandContext): Promise<number> {
	const {runtime, positionals, flags, stdout, usage} = context;
	const json = Boolean(flags['json']);
	const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
	const install = flags['install'] as unknown as string[] | undefined;
	if (install === undefined && positionals.length > 0)
		throw new UsageError(`unexpected argument "${positionals[0]}": tool names follow --install (gotune tools --install gopls dlv)`, usage);
	if (install === undefined) {
		const goBin = await resolveGo(runtime.env);
		const report = await inspectTools(runtime, goBin);
		if (json) writeLine(stdout, JSON.stringify(report, null, 2));
		else for (const line of reportLines(report, style)) writeLine(stdout, line);
		return toolChecks(report).every(check => check.status === 'ok') && goBin !== undefined ? 0 : 1;
	}
	const words = [...install, ...positionals].flatMap(word => word.split(',')).filter(word => word !== '');
	return asCommandErrors(usage, () =>
		installErrors(usage, async () => {
			for (const word of words) parseToolRequest(word);
			const plan = await planToolsInstall(runtime, words);
			const ran = await confirmThenRun<ToolsEvent, ToolsResult>(context, {
				json,
				plan: planLines(plan, style),
				question: `Install ${plan.items.map(i => i.tool.name).join(', ')} in ${plan.toolsDir.dir}?`,
				declined: 'Not installed; nothing was changed.',
				describe,
				run: task => runToolsInstall(runtime, plan, task),
			});
			if ('exitCode' in ran) return ran.exitCode;
			if (json) writeLine(stdout, JSON.stringify(ran.result, null, 2));
			else for (const line of resultLines(ran.result, style)) writeLine(stdout, line);
			return 0;
		}),
	);
}

function reportLines(report: ToolsReport, style: Style): string[] {
	const lines = [paint(style, 'bold', report.go ? `Tools (go version -m with ${report.go})` : 'Tools (no go on PATH: versions unknown)')];
	if (report.toolsDir) {
		const {dir, from, onPath} = report.toolsDir;
		lines.push(`  go install writes to ${from} ${dir}${onPath ? ', on PATH' : ', NOT on PATH'}`);
	}
	if (report.reference)
		lines.push(
			`  tools should be built with go ${report.reference.version.split('.').slice(0, 2).join('.')} or newer (${report.reference.from === 'go.mod' ? `the go line of ${report.reference.file}` : 'the go on PATH'})`,
		);
	lines.push(formatChecks(toolChecks(report), style));
	return lines;
}

function planLines(plan: ToolsPlan, style: Style): string[] {
	const lines = [paint(style, 'bold', `Build with ${plan.goBin} (${plan.goVersion}) through GOPROXY, then put in ${plan.toolsDir.dir}`)];
	for (const {tool, version, existing} of plan.items) {
		const replaces = existing ? `; the ${existing.version ?? 'existing'} binary is set aside (rollback puts it back)` : '';
		lines.push(`  ${tool.name.padEnd(14)} go install ${tool.pkg}@${version}${replaces}`);
	}
	if (!plan.toolsDir.onPath)
		lines.push(paint(style, 'yellow', `  ! ${plan.toolsDir.dir} is not on PATH: add it to find the tools by name`));
	lines.push('  One change set: gotune rollback undoes all of it.');
	return lines;
}

function resultLines(result: ToolsResult, style: Style): string[] {
	const lines = [
		'',
		`${paint(style, 'green', 'Installed')} in ${result.toolsDir} (change set #${result.changeSet}; undo: gotune rollback --last):`,
	];
	for (const tool of result.installed)
		lines.push(
			`  ${tool.name.padEnd(14)} ${tool.version}  built with ${tool.builtWith} in ${tool.seconds.toFixed(1)} s${tool.replaced ? ' (previous one set aside)' : ''}`,
		);
	return lines;
}

function describe(event: ToolsEvent): string | undefined {
	switch (event.kind) {
		case 'build':
			return `Building ${event.name} ${event.version} (${event.index} of ${event.of}): go install`;
		case 'go':
			return `${event.name}: ${event.line}`;
		case 'journal':
			return `Putting the tools in place (step ${event.progress.step} of ${event.progress.of})`;
	}
}
