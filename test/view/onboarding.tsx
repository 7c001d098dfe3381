import {TeamProfileOnboarding} from '../../source/ui/onboarding/team-profile.js';
import type {Services} from '../../source/ui/services.js';
import {themeFor} from '../../source/ui/theme.js';
import {renderInk, type Rendered} from './render.js';

/**
 * The one-screen onboarding (gotune.json's team profile) on its own, as the view and integration tests draw it: WIDTH
 * by HEIGHT inside a terminal of COLUMNS (default ten wider, room for the border) by ROWS; ASCII for a terminal without
 * Unicode. The caller unmounts what it returns.
 */
export async function renderOnboarding(
	services: Services,
	{
		width = 110,
		height = 30,
		columns = width + 10,
		rows,
		ascii = false,
		onDone = () => {},
	}: {width?: number; height?: number; columns?: number; rows?: number; ascii?: boolean; onDone?: () => void} = {},
): Promise<Rendered> {
	return renderInk(
		<TeamProfileOnboarding services={services} theme={themeFor(ascii)} isActive width={width} height={height} onDone={onDone} />,
		{columns, rows},
	);
}
