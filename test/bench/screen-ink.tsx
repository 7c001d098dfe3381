// A second baseline for time to first frame: gotune's first screen (header, the step in a double-bordered box, three
// rounded panels beside it, the footer) drawn by a static Ink program with none of gotune's code, bundled the same
// way. gotune's time over this one is its own code; this one's over the one-line program is what a full screen of
// boxes costs Ink (layout, Unicode widths, the output buffer).
import {Box, render, Text, useInput, useStdout} from 'ink';

function Screen() {
	useInput(() => undefined);
	const {stdout} = useStdout();
	const columns = stdout.columns ?? 100;
	const body = (stdout.rows ?? 30) - 3;
	const panel = (title: string, text: string) => (
		<Box borderStyle="round" borderColor="gray" flexDirection="column" paddingX={1} height={Math.floor(body / 3)}>
			<Text bold>{title}</Text>
			<Text dimColor>{text}</Text>
		</Box>
	);
	return (
		<Box flexDirection="column" width={columns}>
			<Text>
				gotune <Text bold>[1 Toolchain]</Text> · 2 Module · 3 Proxy · 4 Cache · 5 Verify
			</Text>
			<Box>
				<Box borderStyle="double" borderColor="cyan" flexDirection="column" paddingX={1} width={columns - 34} height={body}>
					<Text bold>Toolchain · which go runs and where its settings come from</Text>
					<Text>Looking for a team profile (gotune.json) in this project…</Text>
				</Box>
				<Box flexDirection="column" width={34}>
					{panel('Build timing', 'No builds measured yet.')}
					{panel('Hit rates', 'No builds measured yet.')}
					{panel('Rollback log', 'Nothing changed yet.')}
				</Box>
			</Box>
			<Text dimColor>Tab panels · q quit · Ctrl-C exit</Text>
		</Box>
	);
}

render(<Screen />);
