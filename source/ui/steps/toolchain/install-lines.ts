import path from 'node:path';
import {formatBytes} from '../../../text/units.js';
import type {InstallPlan, InstallResult} from '../../../core/install/install.js';

/** The plan as rows, before anything is downloaded. */
export function planRows(plan: InstallPlan): string[] {
	const rows = [`${plan.archive.filename}  ${formatBytes(plan.archive.size)}  from ${plan.mirror}`, `go will be ${plan.goBin}`];
	if (plan.existing) rows.push(`${plan.prefix} (${plan.existing.version ?? 'not a working go'}) is set aside, never deleted`);
	if (plan.startup) rows.push(`PATH block added to ${plan.startup.file}: ${plan.startup.lines[0] ?? ''}`);
	else if (plan.startupAlreadyDone) rows.push(`${plan.startupAlreadyDone.file} already puts ${path.dirname(plan.goBin)} on PATH`);
	for (const warning of plan.warnings) rows.push(`! ${warning}`);
	rows.push('One change set: the rollback log (and gotune rollback) undoes all of it.');
	return rows;
}

export function resultRows(plan: InstallPlan, result: InstallResult): string[] {
	return [
		`Installed ${result.version} at ${result.prefix} (change set #${result.changeSet})`,
		`Downloaded ${formatBytes(result.archive.bytes)} in ${result.download.seconds.toFixed(1)} s, SHA-256 verified; ${result.extract.files} files extracted in ${result.extract.seconds.toFixed(1)} s`,
		...(result.setAside ? [`The previous tree is kept at ${result.setAside}`] : []),
		...(result.startupFile ? [`New shells find it: PATH block in ${result.startupFile}`] : []),
		'To use it in this shell now:',
		`  ${plan.useNow}`,
	];
}
