// The baseline for time to first frame: the smallest Ink program, bundled with the same tsup settings as gotune.
import {render, Text, useInput} from 'ink';

function Minimal() {
	useInput(() => undefined);
	return <Text>Toolchain</Text>;
}

render(<Minimal />);
