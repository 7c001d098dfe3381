import {Text} from 'ink';
import type {ComponentType} from 'react';
import type {PanelViewProps} from './types.js';

/** A panel whose data source does not exist yet: its title is shown above, so this only says why it is empty. */
export function notBuiltPanel(title: string): ComponentType<PanelViewProps> {
	function NotBuiltPanel(_props: PanelViewProps) {
		return <Text dimColor>Not built yet in this version.</Text>;
	}
	NotBuiltPanel.displayName = `NotBuiltPanel(${title})`;
	return NotBuiltPanel;
}
