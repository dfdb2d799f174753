/**
 * The skill library's evaluations: each skill on its pack's test split with the skill, with no
 * skill and with its seed skill (on the loaded model), and one skill on other engines and models
 * (transfer). Evaluations run in the background — the dialog can close — one at a time, with
 * progress and Stop, and every item's result is stored as it comes in, so a stopped or
 * interrupted evaluation keeps what it paid for.
 *
 * Library evaluations go through the loaded model's executor port; transfer evaluations load
 * each target in a model worker of their own (and drop it after), so the model loaded for
 * training stays as it is. Both make the training rollout's request (`evaluateArms`).
 */
import * as P from '../persistence/index.ts';
import * as evaluations from '../persistence/evaluations.ts';
import { evaluateArms, type ArmSpec } from '../../core/eval/evaluate.ts';
import { createGrader } from '../../core/packs/graders/index.ts';
import type { PredicateRunner } from '../../core/packs/types.ts';
import type { ChatEngine } from '../../core/ports.ts';
import { isAbortError } from '../../core/errors.ts';
import { EngineClient, type EngineConfig } from '../engine/engine-client.ts';
import { describeEngineError } from '../engine/engine-errors.ts';
import { packOfRecord } from '../library/pack-of-record.ts';
import { browserHasher } from '../platform.ts';
import type { ModelState } from './model-state.svelte.ts';
import { errorMessage } from '../../../workers/errors.ts';

export interface LibraryParts {
	db: P.SkillOptDb;
	workspaceId: string;
	model: ModelState;
	predicates: () => PredicateRunner;
}

/** An engine and model to evaluate a skill on. */
export interface TransferTarget {
	/** Stable key for the form. */
	key: string;
	label: string;
	config: EngineConfig;
	/** The model id within the engine, where it has several. */
	model?: string;
}

export interface LibraryJob {
	kind: P.EvaluationKind;
	skillTitle: string;
	engineLabel: string;
	/** 'loading' while a transfer target's model loads. */
	phase: 'loading' | 'running';
	done: number;
	total: number;
	/** Evaluations still to come after this one. */
	queued: number;
}

/** A skill to evaluate, with the text to use (the editor's for the open skill). */
export interface SkillToEvaluate {
	skill: P.SkillRecord;
	text: string;
}

interface EngineInfo {
	kind: string;
	label: string;
	model?: string;
}

export class LibraryState {
	#parts: LibraryParts;
	#evaluations = $state.raw<P.EvaluationRecord[]>([]);
	#packs = $state.raw<P.PackRecord[]>([]);
	#job = $state.raw<LibraryJob | null>(null);
	#error = $state<string | null>(null);
	#notice = $state<string | null>(null);
	#controller: AbortController | null = null;

	constructor(parts: LibraryParts) {
		this.#parts = parts;
	}

	get evaluations(): P.EvaluationRecord[] {
		return this.#evaluations;
	}
	get packs(): P.PackRecord[] {
		return this.#packs;
	}
	get job(): LibraryJob | null {
		return this.#job;
	}
	get running(): boolean {
		return this.#job !== null;
	}
	get error(): string | null {
		return this.#error;
	}
	/** What the last evaluation ended with (stopped, skipped skills...). */
	get notice(): string | null {
		return this.#notice;
	}

	/** Read evaluations and packs; evaluations a closed tab left running are marked stopped. */
	async open(): Promise<void> {
		const { db, workspaceId } = this.#parts;
		await evaluations.stopInterrupted(db, workspaceId);
		await this.refresh();
	}

	async refresh(): Promise<void> {
		const { db, workspaceId } = this.#parts;
		this.#packs = await P.packs.listPacks(db, workspaceId);
		this.#evaluations = await evaluations.listEvaluations(db, workspaceId);
	}

	stop(): void {
		this.#controller?.abort();
	}

	/** Evaluate skills on their packs with the loaded model: with the skill, none, and the seed. */
	async evaluateSkills(skills: readonly SkillToEvaluate[], seed = 0): Promise<void> {
		if (this.running) return;
		const model = this.#parts.model;
		if (!model.ready) {
			this.#error = 'Load a model first: evaluations run on the loaded model.';
			return;
		}
		const withPack = skills.filter((s) => s.skill.packId !== null);
		const skipped = skills.length - withPack.length;
		if (withPack.length === 0) {
			this.#error =
				'None of these skills has a task pack yet: train it once (or create it with a task open).';
			return;
		}
		const loaded = model.loaded;
		const info: EngineInfo = {
			kind: loaded?.kind ?? 'unknown',
			label: model.loadedLabel,
			...(loaded?.models[0] ? { model: loaded.models[0] } : {})
		};
		const engine = model.executor();
		await this.#session(async (signal) => {
			for (const [index, entry] of withPack.entries()) {
				signal.throwIfAborted();
				const pack = await this.#packFor(entry.skill);
				await this.#evaluate({
					kind: 'library',
					skill: entry.skill,
					engine,
					info,
					seed,
					signal,
					queued: withPack.length - index - 1,
					arms: [
						{ arm: 'skill', skill: entry.text },
						{ arm: 'none', skill: '' },
						{ arm: 'seed', skill: pack.initialSkill }
					]
				});
			}
			if (skipped > 0)
				this.#notice = `${skipped} skill${skipped === 1 ? '' : 's'} without a task pack ${skipped === 1 ? 'was' : 'were'} skipped.`;
		});
	}

	/** Evaluate one skill, with and without it, on each target engine in turn. */
	async transfer(
		entry: SkillToEvaluate,
		targets: readonly TransferTarget[],
		seed = 0
	): Promise<void> {
		if (this.running || targets.length === 0) return;
		if (entry.skill.packId === null) {
			this.#error = 'This skill has no task pack yet: train it once first.';
			return;
		}
		await this.#session(async (signal) => {
			for (const [index, target] of targets.entries()) {
				signal.throwIfAborted();
				this.#job = {
					kind: 'transfer',
					skillTitle: entry.skill.title,
					engineLabel: target.label,
					phase: 'loading',
					done: 0,
					total: 0,
					queued: targets.length - index - 1
				};
				const client = new EngineClient();
				try {
					await client.load(target.config, undefined, signal).catch((error: unknown) => {
						if (isAbortError(error) || signal.aborted) throw error;
						throw new Error(
							`${target.label} could not be loaded: ${describeEngineError(error).message}`
						);
					});
					await this.#evaluate({
						kind: 'transfer',
						skill: entry.skill,
						engine: client.chatEngine(target.model),
						info: {
							kind: target.config.kind,
							label: target.label,
							...(target.model ? { model: target.model } : {})
						},
						seed,
						signal,
						queued: targets.length - index - 1,
						arms: [
							{ arm: 'none', skill: '' },
							{ arm: 'skill', skill: entry.text }
						]
					});
				} finally {
					await client.unload().catch(() => undefined);
					client.dispose();
				}
			}
		});
	}

	async #session(work: (signal: AbortSignal) => Promise<void>): Promise<void> {
		const controller = new AbortController();
		this.#controller = controller;
		this.#error = null;
		this.#notice = null;
		try {
			await this.refresh();
			await work(controller.signal);
		} catch (error) {
			if (controller.signal.aborted || isAbortError(error))
				this.#notice = 'Stopped: the items evaluated so far are kept.';
			else this.#error = errorMessage(error);
		} finally {
			this.#controller = null;
			this.#job = null;
			await this.refresh().catch(() => undefined);
		}
	}

	async #packFor(skill: P.SkillRecord) {
		const record = this.#packs.find((p) => p.id === skill.packId);
		if (!record) throw new Error(`The task pack of “${skill.title}” is no longer stored.`);
		return packOfRecord(record);
	}

	async #evaluate(input: {
		kind: P.EvaluationKind;
		skill: P.SkillRecord;
		engine: ChatEngine;
		info: EngineInfo;
		seed: number;
		signal: AbortSignal;
		queued: number;
		arms: ArmSpec<P.EvaluationArm>[];
	}): Promise<void> {
		const { db, workspaceId } = this.#parts;
		const { skill, signal } = input;
		const packId = skill.packId;
		if (packId === null) return;
		const pack = await this.#packFor(skill);
		const items = pack.splits.test;
		if (items.length === 0) throw new Error(`The task pack of “${skill.title}” has no test items.`);
		const arms: P.EvaluationArmRecord[] = [];
		for (const arm of input.arms)
			arms.push({ arm: arm.arm, skillHash: await browserHasher.sha256Hex(arm.skill), results: [] });
		let record = await evaluations.createEvaluation(db, {
			workspaceId,
			skillId: skill.id,
			packId,
			kind: input.kind,
			status: 'running',
			engine: input.info,
			seed: input.seed,
			itemCount: items.length,
			arms
		});
		this.#show(record);
		this.#job = {
			kind: input.kind,
			skillTitle: skill.title,
			engineLabel: input.info.label,
			phase: 'running',
			done: 0,
			total: items.length,
			queued: input.queued
		};
		const finish = async (status: P.EvaluationStatus, error?: string) => {
			record = await evaluations.updateEvaluation(db, {
				...record,
				status,
				...(error === undefined ? {} : { error })
			});
			this.#show(record);
		};
		try {
			await evaluateArms({
				pack,
				items,
				arms: input.arms,
				engine: input.engine,
				grader: createGrader(pack.grader, { predicates: this.#parts.predicates() }),
				seed: input.seed,
				signal,
				onItem: async (row, done) => {
					record = await evaluations.updateEvaluation(db, {
						...record,
						arms: record.arms.map((a) => ({ ...a, results: [...a.results, row[a.arm]] }))
					});
					this.#show(record);
					if (this.#job) this.#job = { ...this.#job, done };
				}
			});
			await finish('finished');
		} catch (error) {
			if (signal.aborted || isAbortError(error)) await finish('stopped');
			else await finish('failed', errorMessage(error));
			throw error;
		}
	}

	#show(record: P.EvaluationRecord): void {
		const others = this.#evaluations.filter((e) => e.id !== record.id);
		this.#evaluations = [record, ...others];
	}
}
