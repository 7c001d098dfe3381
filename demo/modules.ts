// The modules `npm run demo` serves from its loopback GOPROXY: each folder demo/modules/NAME@VERSION holds a real,
// small Go module (its go.mod names the module path). They are read and zipped at start, nothing is prebuilt.
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import type {ProxyModule} from '../test/helpers/module-proxy.js';

export async function loadDemoModules(modulesDir: string): Promise<ProxyModule[]> {
	const folders = (await readdir(modulesDir, {withFileTypes: true})).filter(entry => entry.isDirectory() && entry.name.includes('@'));
	return Promise.all(folders.map(async folder => {
		const version = folder.name.slice(folder.name.lastIndexOf('@') + 1);
		const dir = path.join(modulesDir, folder.name);
		const names = (await readdir(dir, {withFileTypes: true})).filter(entry => entry.isFile()).map(entry => entry.name).sort();
		const files = Object.fromEntries(await Promise.all(names.map(async name => [name, await readFile(path.join(dir, name), 'utf8')] as const)));
		const modulePath = /^module\s+(\S+)/m.exec(files['go.mod'] ?? '')?.[1];
		if (modulePath === undefined) throw new Error(`${dir}/go.mod has no module line`);
		return {path: modulePath, version, files};
	}));
}

/** The GONOSUMDB patterns that cover every served module: their paths without the last element, deduplicated. */
export function noSumDbPatterns(modules: ProxyModule[]): string {
	return [...new Set(modules.map(mod => path.posix.dirname(mod.path)))].join(',');
}
