import {Box, Text} from 'ink';
import {panelHeights, panelInnerHeight, type Layout} from '../layout.js';
import type {Measurements} from '../measurements.js';
import type {PanelDefinition} from '../panels/types.js';
import type {Services} from '../services.js';
import type {Focus} from '../state/shell-state.js';
import type {Theme} from '../theme.js';

type Props = {
	panels: PanelDefinition[];
	layout: Layout;
	focus: Focus;
	shownPanel: number;
	services: Services;
	measurements: Measurements;
	theme: Theme;
	/** False while the quit prompt owns the keys. */
	keysEnabled: boolean;
	captureKeys: (capture: boolean) => void;
};

export function PanelArea(props: Props) {
	if (props.panels.length === 0) return null;
	if (props.layout.panelsCollapsed) return <PanelSummary width={props.layout.columns} theme={props.theme} />;
	return props.layout.wide ? <PanelColumn {...props} /> : <PanelTabs {...props} />;
}

/**
 * Every panel empty: one line saying so in place of the tab row, longest wording that fits (never cut mid-sentence).
 * Tab opens the row as before; it expands by itself once a build is measured or a change set recorded.
 */
function PanelSummary({width, theme}: {width: number; theme: Theme}) {
	return (
		<Text dimColor wrap="truncate-end">
			{panelSummary(width, theme)}
		</Text>
	);
}

function panelSummary(width: number, theme: Theme): string {
	const s = theme.separator;
	const wordings = [
		`Panels: no builds measured yet${s}no changes applied${s}Tab to open`,
		`Panels: no builds yet${s}no changes${s}Tab to open`,
		`Panels empty${s}Tab to open`,
		'Panels: Tab',
	];
	return wordings.find(text => [...text].length <= width) ?? wordings.at(-1)!;
}

function isFocused(focus: Focus, index: number): boolean {
	return focus.kind === 'panel' && focus.index === index;
}

/** >= 100 columns: every panel visible, stacked; the focused one has the focus border and a pointer. */
function PanelColumn({panels, layout, focus, services, measurements, theme, keysEnabled, captureKeys}: Props) {
	const heights = panelHeights(layout, panels.length);
	return (
		<Box flexDirection="column" width={layout.panelBox.width}>
			{panels.map(({id, title, View}, index) => {
				const focused = isFocused(focus, index);
				const height = heights[index]!;
				return (
					<Box
						key={id}
						flexDirection="column"
						height={height}
						paddingX={1}
						borderStyle={focused ? theme.focusBorder : theme.border}
						borderColor={focused ? 'cyan' : 'gray'}
					>
						<Text bold={focused} wrap="truncate-end">
							{focused ? `${theme.pointer} ` : ''}
							{title}
						</Text>
						<View
							services={services}
							theme={theme}
							measurements={measurements}
							isFocused={focused && keysEnabled}
							width={layout.panelInner.width}
							height={panelInnerHeight(height)}
							captureKeys={captureKeys}
						/>
					</Box>
				);
			})}
		</Box>
	);
}

/** Narrower: one row of tabs under the step; the focused (or last focused) panel's content below them. */
function PanelTabs({panels, layout, focus, shownPanel, services, measurements, theme, keysEnabled, captureKeys}: Props) {
	const panelFocused = focus.kind === 'panel';
	const shown = panels[shownPanel];
	return (
		<Box
			flexDirection="column"
			height={layout.panelBox.height}
			overflow="hidden"
			paddingX={1}
			borderStyle={panelFocused ? theme.focusBorder : theme.border}
			borderColor={panelFocused ? 'cyan' : 'gray'}
		>
			<Text wrap="truncate-end">
				{panels.map(({id, title}, index) => {
					const active = index === shownPanel;
					const label = active ? `[${title}]` : ` ${title} `;
					return (
						<Text key={id} bold={active && panelFocused} color={active && panelFocused ? 'cyan' : undefined} dimColor={!active}>
							{index > 0 ? ' ' : ''}
							{label}
						</Text>
					);
				})}
			</Text>
			{shown === undefined || layout.panelInner.height === 0 ? null : (
				<shown.View
					services={services}
					theme={theme}
					measurements={measurements}
					isFocused={isFocused(focus, shownPanel) && keysEnabled}
					width={layout.panelInner.width}
					height={layout.panelInner.height}
					captureKeys={captureKeys}
				/>
			)}
		</Box>
	);
}
