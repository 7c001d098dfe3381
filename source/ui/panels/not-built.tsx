import {Text} from 'ink';
import type {ComponentType} from 'react';
import type {PanelViewProps} from './types.js';

export function notBuiltPanel(title: string): ComponentType<PanelViewProps> {
	function NotBuiltPanel(_props: PanelViewProps) {
		return <Text dimColor>The {title.toLowerCase()} is not built yet in this version.</Text>;
	}
	NotBuiltPanel.displayName = `NotBuiltPanel(${title})`;
	return NotBuiltPanel;
}
