import {describe, expect, it} from 'vitest';
import {localeIsUtf8} from '../../source/core/env.js';

describe('localeIsUtf8 (the wizard draws ASCII otherwise)', () => {
	it('reads LC_ALL, then LC_CTYPE, then LANG, as POSIX orders them; empty counts as unset', () => {
		expect(localeIsUtf8({LANG: 'en_US.UTF-8'}, 'linux')).toBe(true);
		expect(localeIsUtf8({LANG: 'C.utf8'}, 'linux')).toBe(true);
		expect(localeIsUtf8({LANG: 'de_DE.UTF-8@euro'}, 'linux')).toBe(true);
		expect(localeIsUtf8({LC_CTYPE: 'UTF-8'}, 'darwin')).toBe(true);
		expect(localeIsUtf8({LC_ALL: 'C', LANG: 'en_US.UTF-8'}, 'linux')).toBe(false);
		expect(localeIsUtf8({LC_ALL: '', LC_CTYPE: 'en_US.UTF-8', LANG: 'C'}, 'linux')).toBe(true);
		expect(localeIsUtf8({LC_CTYPE: 'en_US.ISO-8859-1', LANG: 'en_US.UTF-8'}, 'linux')).toBe(false);
		expect(localeIsUtf8({LANG: 'POSIX'}, 'linux')).toBe(false);
	});

	it('nothing set is the C locale (a bare SSH session, cron): ASCII; Windows has no locale variables and shows UTF-8', () => {
		expect(localeIsUtf8({}, 'linux')).toBe(false);
		expect(localeIsUtf8({}, 'win32')).toBe(true);
	});
});
