import {stat} from 'node:fs/promises';
import path from 'node:path';
import {openJournal} from '../core/journal/index.js';
import {applyInit, checkModule, NoGoError, planInit, type InitPlan, type ModuleCheck} from '../core/steps/module.js';
import {asCommandErrors, confirm} from './journal-output.js';
import {formatChecks, paint, styleFor, wrap, writeLine, type Style} from './output.js';
import {OperationError, UsageError, type CommandContext} from './context.js';

export async function run(context: CommandContext): Promise<number> {
	const {runtime, positionals, flags, stdout, stderr, usage: USAGE} = context;
	// go mod init '' would treat it as "no path given" and guess one: an empty argument is a mistake, said as such.
	if (positionals[0] !== undefined && positionals[0].trim() === '') {
		throw new UsageError(
			`MODULE_PATH is empty (${JSON.stringify(positionals[0])}): give a module path such as example.com/you/project, or leave it out to get a suggestion`,
			USAGE,
		);
	}
	const style = styleFor(stdout, runtime.env, Boolean(flags['ascii']));
	const dir = await directory(runtime.cwd, flags['dir'], USAGE);
	let check: ModuleCheck;
	try {
		check = await checkModule(runtime, dir);
	} catch (error) {
		if (error instanceof NoGoError) throw new OperationError(error.message);
		throw error;
	}
	writeLine(stdout, paint(style, 'bold', `gotune init · ${check.dir}`));
	writeLine(stdout, formatChecks(check.checks, style));
	if (check.demoDir && !check.detection.goMod) {
		for (const line of wrap(
			`No module yet: gotune's demo module (loglens) is at ${check.demoDir}; the wizard offers it for the Verify step.`,
			style.width,
			'    ',
		))
			writeLine(stdout, paint(style, 'dim', line));
	}

	const requested = positionals[0];
	if (check.refusal?.kind === 'exists') {
		const same = requested === undefined || requested === check.detection.goMod?.modulePath;
		writeLine(same ? stdout : stderr, `\n${check.refusal.message} ${check.refusal.fix}`);
		return same ? 0 : 1;
	}
	if (check.refusal)
		throw new UsageError(`refusing to create go.mod in ${check.dir}:\n${check.refusal.message}\n${check.refusal.fix}`, USAGE);

	const modulePath = requested ?? check.suggestion!.path;
	if (requested === undefined)
		writeLine(stdout, `\nModule path: ${modulePath} (suggested ${check.suggestion!.detail}; pass MODULE_PATH to choose another)`);
	const plan = await planInit(check, modulePath, {confirmNested: Boolean(flags['yes'])});
	if (plan.nesting) block(stdout, style, '!', `Nested module. ${plan.nesting.explanation}`);

	switch (plan.blocked?.kind) {
		case 'path-refused':
			throw new UsageError(refusalText(plan, runtime.cwd), USAGE);
		case 'go-failed':
			throw new OperationError(plan.blocked.message);
		case 'nested-unconfirmed':
			throw new UsageError(
				`${check.dir} is inside module ${plan.nesting!.parentModule}; pass --yes to create the nested module anyway (the explanation is above). Nothing was written.`,
				USAGE,
			);
		case 'refused-dir':
			throw new UsageError(plan.blocked.message, USAGE);
		default:
			break;
	}
	writePlan(stdout, style, plan);

	if (!flags['yes'] && (!context.stdin.isTTY || !stdout.isTTY)) {
		throw new UsageError('no terminal to confirm in: the plan is above; pass --yes to create go.mod. Nothing was written.', USAGE);
	}
	const answer = await confirm(context, `Create ${plan.goModFile}?`, USAGE);
	if (answer === 'interrupted') return 130;
	if (answer === 'no') {
		writeLine(stdout, 'Nothing was written.');
		return 1;
	}
	return asCommandErrors(USAGE, async () => {
		const outcome = await applyInit(plan, check, openJournal(runtime), 'cli:init');
		if (!outcome.ok) throw new OperationError(`go mod init failed:\n${outcome.goMessage}`);
		writeLine(stdout, `\nCreated ${outcome.goModFile}:`);
		for (const line of outcome.goModText.trimEnd().split('\n')) writeLine(stdout, `  ${line}`);
		writeLine(
			stdout,
			outcome.changeSet
				? `\nRecorded in gotune's journal as change set #${outcome.changeSet.id}: gotune rollback --last removes go.mod again (only while it is unchanged).`
				: '\ngo.mod was not recorded (the journal saw no change).',
		);
		writeLine(stdout, `Next: go mod tidy in ${plan.dir} once there is code that imports other modules.`);
		if (plan.workspaceNote) writeLine(stdout, plan.workspaceNote);
		return 0;
	});
}

async function directory(cwd: string, flag: string | boolean | undefined, USAGE: string): Promise<string> {
	if (flag === undefined) return cwd;
	if (typeof flag !== 'string' || flag === '') throw new UsageError('--dir needs a directory, for example --dir ./myproject', USAGE);
	const dir = path.resolve(cwd, flag);
	const info = await stat(dir).catch(() => undefined);
	if (info === undefined) throw new UsageError(`--dir ${flag}: no such directory (${dir}); create it first: mkdir -p ${flag}`, USAGE);
	if (!info.isDirectory()) throw new UsageError(`--dir ${flag}: not a directory (${dir})`, USAGE);
	return dir;
}

function refusalText(plan: InitPlan, cwd: string): string {
	const verdict = plan.final.verdict;
	if (verdict.accepted) return '';
	const lines = [
		`module path ${JSON.stringify(plan.modulePath)} refused by go mod init:`,
		`  ${verdict.goMessage.replace(/\n/g, '\n  ')}`,
		verdict.explanation,
	];
	if (verdict.suggestion) lines.push(`Try: gotune init ${verdict.suggestion}${plan.dir === cwd ? '' : ` --dir ${plan.dir}`}`);
	lines.push('Nothing was written.');
	return lines.join('\n');
}

function writePlan(stdout: CommandContext['stdout'], style: Style, plan: InitPlan): void {
	writeLine(stdout, `\nPlan: ${plan.command.join(' ')}   (in ${plan.dir})`);
	writeLine(stdout, `  creates ${plan.goModFile}, recorded in gotune's journal so it can be undone`);
	writeLine(stdout, `  ${paint(style, 'green', style.ascii ? '[ok]' : '✓')} go accepts the module path`);
	for (const warning of plan.final.verdict.warnings) block(stdout, style, '!', warning.message);
}

function block(stdout: CommandContext['stdout'], style: Style, mark: string, text: string): void {
	const [first = '', ...rest] = wrap(text, style.width, '    ');
	writeLine(stdout, `  ${paint(style, 'yellow', mark)} ${first.slice(4)}`);
	for (const line of rest) writeLine(stdout, line);
}
