/**
 * "Try the executor": run the loaded model with the current skill over a few items of the pack
 * and show each output with its grade, live. It is how a user checks a model and a skill before
 * training, and how the engine path is exercised end to end without the optimiser.
 */
import { getContext, setContext } from 'svelte';
import { executorRequest } from '../../core/loop/rollout.ts';
import type { GradeResult, PackItem, SplitName, TaskPack } from '../../core/packs/types.ts';
import type { ChatEngine, FinishReason } from '../../core/ports.ts';
import type { Grader } from '../../core/packs/types.ts';
import { errorMessage } from '../../../workers/errors.ts';

export interface TrialRow {
	item: PackItem;
	output: string;
	finishReason?: FinishReason;
	grade?: GradeResult;
	/** Why this item failed (the engine threw); the row is not graded. */
	error?: string;
	/** The person stopped this answer: what streamed is kept but not graded as a finished answer. */
	stopped?: boolean;
	/** Still being generated. */
	streaming?: boolean;
	/** Generation speed reported by the engine, where it reports one. */
	decodeTokensPerSecond?: number;
}

export interface TrialRequest {
	pack: TaskPack;
	split: SplitName;
	count: number;
	skill: string;
	engine: ChatEngine;
	grader: Grader;
	/** Label of the loaded engine, recorded with the results (simulations say so). */
	engineLabel: string;
}

export class ExecutorTrial {
	#rows = $state.raw<TrialRow[]>([]);
	#running = $state(false);
	#done = $state(0);
	#total = $state(0);
	#error = $state<string | null>(null);
	#failure: unknown = null;
	#stopRequested = $state(false);
	#engineLabel = $state('');
	#controller: AbortController | null = null;
	#runId = 0;

	get rows(): TrialRow[] {
		return this.#rows;
	}
	get running(): boolean {
		return this.#running;
	}
	get done(): number {
		return this.#done;
	}
	get total(): number {
		return this.#total;
	}
	get error(): string | null {
		return this.#error;
	}
	/** The error object behind `error`, so its name (e.g. a lost device) reaches the model state. */
	get failure(): unknown {
		return this.#failure;
	}
	/**
	 * Stop was pressed while the current answer has no token yet: WebLLM only notices an interrupt
	 * when the first token arrives, so the UI says that a stop during prefill takes a while.
	 */
	get stopPendingPrefill(): boolean {
		if (!this.#running || !this.#stopRequested) return false;
		const current = this.#rows.find((r) => r.streaming);
		return current !== undefined && current.output === '';
	}
	get engineLabel(): string {
		return this.#engineLabel;
	}
	get hardMean(): number {
		const graded = this.#rows.filter((r) => r.grade);
		return graded.length === 0
			? 0
			: graded.reduce((sum, r) => sum + (r.grade?.hard ?? 0), 0) / graded.length;
	}

	async run(request: TrialRequest): Promise<void> {
		this.stop();
		const runId = ++this.#runId;
		const controller = new AbortController();
		this.#controller = controller;
		const items = request.pack.splits[request.split].slice(0, request.count);
		this.#rows = items.map((item) => ({ item, output: '' }));
		this.#total = items.length;
		this.#done = 0;
		this.#error = null;
		this.#failure = null;
		this.#stopRequested = false;
		this.#running = true;
		this.#engineLabel = request.engineLabel;
		try {
			for (const [index, item] of items.entries()) {
				if (controller.signal.aborted) break;
				let row: TrialRow;
				try {
					row = await this.#runOne(request, item, index, controller.signal, runId);
				} catch (error) {
					if (runId !== this.#runId) return;
					const partial = this.#rows[index]?.output ?? '';
					if (controller.signal.aborted) {
						this.#replace(index, { item, output: partial, stopped: true });
						break;
					}
					this.#replace(index, { item, output: partial, error: errorMessage(error) });
					throw error;
				}
				if (runId !== this.#runId) return;
				this.#replace(index, row);
				this.#done = index + 1;
			}
		} catch (error) {
			if (runId === this.#runId && !controller.signal.aborted) {
				this.#error = errorMessage(error);
				this.#failure = error;
			}
		} finally {
			if (runId === this.#runId) {
				this.#running = false;
				this.#controller = null;
				this.#stopRequested = false;
			}
		}
	}

	stop(): void {
		if (this.#controller) this.#stopRequested = true;
		this.#controller?.abort();
	}

	async #runOne(
		request: TrialRequest,
		item: PackItem,
		index: number,
		signal: AbortSignal,
		runId: number
	): Promise<TrialRow> {
		const { pack } = request;
		let streamed = '';
		this.#replace(index, { item, output: '', streaming: true });
		const result = await request.engine.generate(
			executorRequest(pack, item, request.skill, {
				temperature: pack.generation.temperature,
				seed: 0,
				maxTokens: pack.generation.maxTokens
			}),
			signal,
			(batch) => {
				streamed += batch;
				if (runId === this.#runId)
					this.#replace(index, { item, output: streamed, streaming: true });
			}
		);
		// An interrupted answer is cut short by the person, not by the model: grading it as a
		// finished answer would report a failure the model never made.
		if (result.finishReason === 'abort' || signal.aborted) {
			return { item, output: result.text, finishReason: 'abort', stopped: true };
		}
		const grade = await request.grader.grade(result.text, item);
		return {
			item,
			output: result.text,
			finishReason: result.finishReason,
			grade,
			...(result.usage.decodeTokensPerSecond !== undefined
				? { decodeTokensPerSecond: result.usage.decodeTokensPerSecond }
				: {})
		};
	}

	#replace(index: number, row: TrialRow): void {
		const rows = [...this.#rows];
		rows[index] = row;
		this.#rows = rows;
	}
}

const KEY = Symbol('executor-trial');

export function createExecutorTrial(): ExecutorTrial {
	return setContext(KEY, new ExecutorTrial());
}

export function useExecutorTrial(): ExecutorTrial {
	return getContext<ExecutorTrial>(KEY);
}
