import {StringDecoder} from 'node:string_decoder';
import {printable} from '../text/printable.js';

type Out = NodeJS.WriteStream | (NodeJS.WritableStream & {isTTY?: boolean; columns?: number});

/**
 * The stream a headless command writes to, with every write passed through printable() (text/printable.ts): the
 * command's words may quote a hostile server or file, and no command ever means to move the terminal's cursor. Bytes
 * (go's output streamed by `explain -- go build`) are decoded across chunk boundaries first. Everything else (isTTY,
 * columns, events, pipe targets) is the stream itself.
 */
export function printableStream<T extends Out>(stream: T): T {
	const decoder = new StringDecoder('utf8');
	const write = (
		chunk: string | Uint8Array,
		encodingOrDone?: BufferEncoding | ((error?: Error | null) => void),
		done?: (error?: Error | null) => void,
	) => {
		const text = typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
		const callback = typeof encodingOrDone === 'function' ? encodingOrDone : done;
		return callback ? stream.write(printable(text), callback) : stream.write(printable(text));
	};
	return new Proxy(stream, {
		get(target, property) {
			if (property === 'write') return write;
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
