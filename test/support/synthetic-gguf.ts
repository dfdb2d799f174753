/**
 * Writes a tiny synthetic GGUF v3 language model (random weights, a small byte-level vocabulary)
 * that llama.cpp loads in well under a second: the real-runtime tests run the CPU engine on it
 * without downloading anything and without a committed binary. Follows the public GGUF spec.
 *
 * Random weights would emit any token, and byte tokens 0x80–0xFF in bad sequences are invalid
 * UTF-8, which makes llama.cpp's completions fail. So one embedding dimension is held constant
 * (every token embeds it at a large value and no layer writes to it) and the output rows of the
 * tokens that must never be sampled weigh that dimension strongly negative: high bytes, control
 * bytes, `<unk>`, `<s>`, the chat-role tokens and end-of-turn. Without an end-of-turn a free
 * generation runs to `max_tokens` (a stop test can rely on it); under a grammar, end-of-turn is
 * the only token left once the JSON is complete, so constrained answers still end. The `"`
 * token is made likelier so that JSON strings end within a few tokens.
 *
 * So that the optimiser's answers carry edits (meaningless ones the loop must reject), a second
 * steering dimension makes every JSON list hold exactly one object (`{` after `[`, `]` after
 * `}`), and `}` is never chosen freely, so an object gets all its optional fields before the
 * grammar closes it: an edit arrives with an op, a line, a target and content.
 */

export interface SyntheticModelOptions {
	seed?: number;
	embedding?: number;
	layers?: number;
	contextLength?: number;
	/** Omit a required metadata key (to test llama.cpp's error text). */
	omitKey?: string;
}

const CHATML =
	"{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

/** Common English words (and words these prompts use): their prefixes become merged pieces. */
const WORDS =
	'the and for are but not you all any can had her was one our out day get has him his how man new now old see two way who did its let put say she too use that with have this will your from they know want been good much some time very when come here just like long make many more only over such take than them well were what answer skill rule rules edit edits item items step steps final line number count each then list word words output input text return must should when which where there their would about after before because every first last never always only same other change changes check coin heads tails flip yes no true false'
		.split(/\s+/)
		.filter((w) => w !== '');

interface Vocab {
	tokens: string[];
	scores: number[];
	types: number[];
	/** Token ids the model must never sample. */
	forbidden: Set<number>;
	/** Made likelier: `"`, so that JSON strings end. */
	favoured: Set<number>;
	/** Ids of each character that shapes JSON lists: its piece and its byte token. */
	chars: Map<string, number[]>;
	bos: number;
	eos: number;
}

const NORMAL = 1;
const UNKNOWN = 2;
const CONTROL = 3;
const BYTE = 6;

function buildVocab(): Vocab {
	const tokens: string[] = [];
	const scores: number[] = [];
	const types: number[] = [];
	const forbidden = new Set<number>();
	const chars = new Map<string, number[]>();
	const note = (text: string, id: number) => chars.set(text, [...(chars.get(text) ?? []), id]);
	const add = (text: string, type: number, score: number, never = false) => {
		const id = tokens.length;
		tokens.push(text);
		scores.push(score);
		types.push(type);
		if (never) forbidden.add(id);
		return id;
	};
	add('<unk>', UNKNOWN, 0, true);
	const bos = add('<s>', CONTROL, 0, true);
	add('</s>', CONTROL, 0, true);
	for (let b = 0; b < 256; b++) {
		const hex = b.toString(16).toUpperCase().padStart(2, '0');
		const control = (b < 0x20 && b !== 0x0a) || b === 0x7f;
		note(String.fromCharCode(b), add(`<0x${hex}>`, BYTE, 0, b >= 0x80 || control || b === 0x7d));
	}
	add('<|im_start|>', CONTROL, 0, true);
	const eos = add('<|im_end|>', CONTROL, 0, true);
	const seen = new Set(tokens);
	const favoured = new Set<number>();
	const piece = (text: string) => {
		if (seen.has(text)) return;
		seen.add(text);
		// Longer pieces score higher, so the tokenizer prefers them (SentencePiece merges by score).
		const id = add(text, NORMAL, -1 / text.length, text === '}');
		if (text === '"') favoured.add(id);
		note(text, id);
	};
	piece('\u2581');
	for (let c = 33; c < 127; c++) piece(String.fromCharCode(c));
	for (const word of WORDS) {
		for (let end = 1; end <= word.length; end++) piece(`\u2581${word.slice(0, end)}`);
		for (let end = 2; end <= word.length; end++) piece(word.slice(0, end));
	}
	return { tokens, scores, types, forbidden, favoured, chars, bos, eos };
}

/** A small deterministic PRNG (mulberry32), uniform in [-1, 1). */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
	};
}

type Value =
	| { type: 'u32'; value: number }
	| { type: 'f32'; value: number }
	| { type: 'bool'; value: boolean }
	| { type: 'str'; value: string }
	| { type: 'strs'; value: string[] }
	| { type: 'f32s'; value: number[] }
	| { type: 'i32s'; value: number[] };

interface Tensor {
	name: string;
	/** ne0 first, as GGUF stores dimensions. */
	dims: number[];
	data: Float32Array;
}

/** The model file's bytes. */
export function syntheticGguf(options: SyntheticModelOptions = {}): Buffer {
	const nEmbd = options.embedding ?? 64;
	const nLayer = options.layers ?? 2;
	const nHead = 4;
	const nFf = nEmbd * 2;
	const rand = random(options.seed ?? 7);
	const vocab = buildVocab();
	const nVocab = vocab.tokens.length;

	const meta: [string, Value][] = [
		['general.architecture', { type: 'str', value: 'llama' }],
		['general.name', { type: 'str', value: 'synthetic test model (random weights)' }],
		['llama.context_length', { type: 'u32', value: options.contextLength ?? 4096 }],
		['llama.embedding_length', { type: 'u32', value: nEmbd }],
		['llama.block_count', { type: 'u32', value: nLayer }],
		['llama.feed_forward_length', { type: 'u32', value: nFf }],
		['llama.attention.head_count', { type: 'u32', value: nHead }],
		['llama.attention.head_count_kv', { type: 'u32', value: nHead }],
		['llama.rope.dimension_count', { type: 'u32', value: nEmbd / nHead }],
		['llama.attention.layer_norm_rms_epsilon', { type: 'f32', value: 1e-5 }],
		['tokenizer.ggml.model', { type: 'str', value: 'llama' }],
		['tokenizer.ggml.tokens', { type: 'strs', value: vocab.tokens }],
		['tokenizer.ggml.scores', { type: 'f32s', value: vocab.scores }],
		['tokenizer.ggml.token_type', { type: 'i32s', value: vocab.types }],
		['tokenizer.ggml.bos_token_id', { type: 'u32', value: vocab.bos }],
		['tokenizer.ggml.eos_token_id', { type: 'u32', value: vocab.eos }],
		['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
		// No leading "▁" on a text: llama.cpp tokenizes the generation prompt on its own to start
		// a JSON answer's grammar, and a prefixed space would no longer match it.
		['tokenizer.ggml.add_space_prefix', { type: 'bool', value: false }],
		['tokenizer.chat_template', { type: 'str', value: CHATML }]
	];

	const matrix = (inDim: number, outDim: number, scale: number, zeroOut0 = false) => {
		const data = new Float32Array(inDim * outDim);
		for (let o = 0; o < outDim; o++) {
			for (let i = 0; i < inDim; i++) {
				// Output rows 0 and 1 stay zero where asked: no layer writes the two steering dimensions.
				data[o * inDim + i] = zeroOut0 && o <= 1 ? 0 : rand() * scale;
			}
		}
		return data;
	};
	const ones = (n: number) => new Float32Array(n).fill(1);

	const embedding = matrix(nEmbd, nVocab, 1);
	for (let t = 0; t < nVocab; t++) {
		embedding[t * nEmbd] = 4;
		embedding[t * nEmbd + 1] = 0;
	}
	// Dimension 1 carries "the last token opened a list" (+) or "closed an object" (-).
	const ids = (c: string) => vocab.chars.get(c) ?? [];
	for (const t of ids('[')) embedding[t * nEmbd + 1] = 4;
	for (const t of ids('}')) embedding[t * nEmbd + 1] = -4;
	const output = matrix(nEmbd, nVocab, 0.3);
	for (let t = 0; t < nVocab; t++) {
		let weight = 0;
		if (vocab.forbidden.has(t)) weight = -20;
		else if (vocab.favoured.has(t)) weight = 0.6;
		output[t * nEmbd] = weight;
		output[t * nEmbd + 1] = 0;
	}
	// After `[` an object starts; after `}` the list ends: every JSON list holds one object.
	for (const t of ids('{')) output[t * nEmbd + 1] = 3;
	for (const t of ids(']')) output[t * nEmbd + 1] = -3;

	const tensors: Tensor[] = [
		{ name: 'token_embd.weight', dims: [nEmbd, nVocab], data: embedding },
		{ name: 'output_norm.weight', dims: [nEmbd], data: ones(nEmbd) },
		{ name: 'output.weight', dims: [nEmbd, nVocab], data: output }
	];
	for (let l = 0; l < nLayer; l++) {
		const p = `blk.${l}.`;
		tensors.push(
			{ name: `${p}attn_norm.weight`, dims: [nEmbd], data: ones(nEmbd) },
			{ name: `${p}attn_q.weight`, dims: [nEmbd, nEmbd], data: matrix(nEmbd, nEmbd, 0.2) },
			{ name: `${p}attn_k.weight`, dims: [nEmbd, nEmbd], data: matrix(nEmbd, nEmbd, 0.2) },
			{ name: `${p}attn_v.weight`, dims: [nEmbd, nEmbd], data: matrix(nEmbd, nEmbd, 0.2) },
			{
				name: `${p}attn_output.weight`,
				dims: [nEmbd, nEmbd],
				data: matrix(nEmbd, nEmbd, 0.1, true)
			},
			{ name: `${p}ffn_norm.weight`, dims: [nEmbd], data: ones(nEmbd) },
			{ name: `${p}ffn_gate.weight`, dims: [nEmbd, nFf], data: matrix(nEmbd, nFf, 0.2) },
			{ name: `${p}ffn_up.weight`, dims: [nEmbd, nFf], data: matrix(nEmbd, nFf, 0.2) },
			{ name: `${p}ffn_down.weight`, dims: [nFf, nEmbd], data: matrix(nFf, nEmbd, 0.1, true) }
		);
	}
	return encode(
		meta.filter(([key]) => key !== options.omitKey),
		tensors
	);
}

const ALIGN = 32;

function encode(meta: [string, Value][], tensors: Tensor[]): Buffer {
	const parts: Buffer[] = [];
	const u32 = (n: number) => {
		const b = Buffer.alloc(4);
		b.writeUInt32LE(n);
		parts.push(b);
	};
	const u64 = (n: number) => {
		const b = Buffer.alloc(8);
		b.writeBigUInt64LE(BigInt(n));
		parts.push(b);
	};
	const str = (s: string) => {
		const bytes = Buffer.from(s, 'utf8');
		u64(bytes.length);
		parts.push(bytes);
	};
	parts.push(Buffer.from('GGUF', 'ascii'));
	u32(3);
	u64(tensors.length);
	u64(meta.length);
	for (const [key, value] of meta) {
		str(key);
		switch (value.type) {
			case 'u32':
				u32(4);
				u32(value.value);
				break;
			case 'f32': {
				u32(6);
				const b = Buffer.alloc(4);
				b.writeFloatLE(value.value);
				parts.push(b);
				break;
			}
			case 'bool':
				u32(7);
				parts.push(Buffer.from([value.value ? 1 : 0]));
				break;
			case 'str':
				u32(8);
				str(value.value);
				break;
			case 'strs':
				u32(9);
				u32(8);
				u64(value.value.length);
				for (const s of value.value) str(s);
				break;
			case 'f32s':
			case 'i32s': {
				u32(9);
				u32(value.type === 'f32s' ? 6 : 5);
				u64(value.value.length);
				const b = Buffer.alloc(4 * value.value.length);
				value.value.forEach((x, i) =>
					value.type === 'f32s' ? b.writeFloatLE(x, i * 4) : b.writeInt32LE(x, i * 4)
				);
				parts.push(b);
				break;
			}
		}
	}
	let offset = 0;
	for (const tensor of tensors) {
		str(tensor.name);
		u32(tensor.dims.length);
		for (const d of tensor.dims) u64(d);
		u32(0); // F32
		u64(offset);
		offset += padded(tensor.data.byteLength);
	}
	const header = Buffer.concat(parts);
	const out: Buffer[] = [header, Buffer.alloc(padded(header.length) - header.length)];
	for (const tensor of tensors) {
		const bytes = Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
		out.push(bytes, Buffer.alloc(padded(bytes.length) - bytes.length));
	}
	return Buffer.concat(out);
}

function padded(n: number): number {
	return Math.ceil(n / ALIGN) * ALIGN;
}
