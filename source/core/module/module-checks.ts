import type {Check} from '../checks.js';
import type {ModFileInfo, ModuleDetection} from './detect.js';

/** The detection as checklist lines, for `gotune doctor` and the wizard's Module step. */
export function moduleChecks(d: ModuleDetection): Check[] {
	const checks: Check[] = [];
	if (d.modulesOff) {
		checks.push({
			id: 'module.disabled',
			group: 'module',
			status: 'warn',
			message: 'GO111MODULE=off: go ignores go.mod files and builds in GOPATH mode (removed in Go 1.22 for most commands)',
			fix: 'go env -u GO111MODULE',
		});
	}
	if (d.goMod === undefined) {
		checks.push({
			id: 'module.found',
			group: 'module',
			status: 'ok',
			message: `No go.mod in ${d.dir} or its parents`,
			fix: "gotune init [MODULE_PATH] creates one (the wizard also offers gotune's demo module)",
		});
	} else {
		checks.push({id: 'module.found', group: 'module', status: 'ok', message: describe(d.goMod)});
		checks.push(compatCheck('module.toolchain', d.goMod));
		if (d.goLoad && !d.goLoad.ok && d.goMod.compat.status === 'ok' && d.goMod.readBy === 'go') {
			checks.push({id: 'module.load', group: 'module', status: 'error', message: `go cannot load the module: ${d.goLoad.message ?? ''}`});
		}
	}
	if (d.goWork !== undefined) {
		checks.push({id: 'workspace.found', group: 'module', status: 'ok', message: describe(d.goWork)});
		checks.push(compatCheck('workspace.toolchain', d.goWork));
	}
	return checks;
}

export function describe(info: ModFileInfo): string {
	const kind = info.file.endsWith('go.work') ? 'workspace' : `module ${info.modulePath ?? '(no module line)'}`;
	const lines = [
		info.goLine === undefined ? 'no go line' : `go ${info.goLine}`,
		...(info.toolchainLine ? [`toolchain ${info.toolchainLine}`] : []),
		info.file.endsWith('go.work')
			? `${info.uses.length} module${info.uses.length === 1 ? '' : 's'} (${info.uses.join(', ')})`
			: `${info.requires} requirement${info.requires === 1 ? '' : 's'}${info.indirectRequires ? ` (${info.indirectRequires} indirect)` : ''}`,
	];
	return `${kind} at ${info.file}: ${lines.join(', ')}`;
}

function compatCheck(id: string, info: ModFileInfo): Check {
	const goSays = info.goError ? `\ngo says: ${info.goError.split('\n').slice(0, 3).join(' | ')}` : '';
	return {
		id,
		group: 'module',
		status: info.compat.status,
		message: `${info.compat.message}${goSays}`,
		...(info.compat.fix ? {fix: info.compat.fix} : {}),
	};
}
