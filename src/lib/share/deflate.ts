/**
 * Raw DEFLATE through the platform's compression streams (browsers, Node ≥ 18), with a cap on
 * what decompression may produce: a link of a few kilobytes can expand a thousandfold, so the
 * reader stops as soon as the output passes the cap instead of buffering a bomb.
 */

const FORMAT = 'deflate-raw';

export async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
	const stream = new Blob([new Uint8Array(bytes)])
		.stream()
		.pipeThrough(new CompressionStream(FORMAT));
	return new Uint8Array(await new Response(stream).arrayBuffer());
}

export class OutputTooLargeError extends Error {
	constructor(limit: number) {
		super(`it expands to more than ${limit.toLocaleString('en')} bytes`);
		this.name = 'OutputTooLargeError';
	}
}

/** Inflates `bytes`; throws OutputTooLargeError past `maxOutput` bytes, or the stream's error. */
export async function inflateRaw(bytes: Uint8Array, maxOutput: number): Promise<Uint8Array> {
	const stream = new Blob([new Uint8Array(bytes)])
		.stream()
		.pipeThrough(new DecompressionStream(FORMAT));
	const reader = stream.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			total += value.byteLength;
			if (total > maxOutput) throw new OutputTooLargeError(maxOutput);
			chunks.push(value);
		}
	} catch (error) {
		await reader.cancel().catch(() => undefined);
		throw error;
	}
	const out = new Uint8Array(total);
	let offset = 0;
	for (const chunk of chunks) {
		out.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return out;
}
