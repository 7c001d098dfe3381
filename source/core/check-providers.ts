import {shareDoctorChecks} from './cache/share/doctor-check.js';
import type {CheckProvider} from './doctor.js';
import {lastExplanationChecks} from './explain/last.js';
import {journalChecks} from './journal/doctor-check.js';
import {moduleDoctorChecks} from './module/doctor-check.js';
import {teamProfileChecks} from './profile/doctor-check.js';
import {toolsDoctorChecks} from './tools/doctor-check.js';

/** Checks that modules beyond the toolchain contribute to `gotune doctor` and the wizard (journal state, module, team profile, the last explained go failure, tools, the GOCACHEPROG client). */
export const CHECK_PROVIDERS: CheckProvider[] = [
	journalChecks,
	moduleDoctorChecks,
	teamProfileChecks,
	lastExplanationChecks,
	toolsDoctorChecks,
	shareDoctorChecks,
];
