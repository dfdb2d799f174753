/**
 * Evaluations: a skill scored on its pack's test split under several arms (the skill, no skill,
 * its seed skill), on one engine. An evaluation is written when it starts and rewritten as its
 * items come in, so a stopped or interrupted one keeps what it paid for.
 */
import { INDEXES, STORES } from './db.ts';
import type { SkillOptDb } from './db.ts';
import { browserDeps, type RepoDeps } from './deps.ts';
import type { EvaluationRecord } from './records.ts';
import { tx } from './tx.ts';

export type NewEvaluation = Omit<EvaluationRecord, 'id' | 'createdAt' | 'updatedAt'>;

/** Stores a new evaluation (usually with empty arms, status 'running'). */
export async function createEvaluation(
	db: SkillOptDb,
	input: NewEvaluation,
	deps: RepoDeps = browserDeps
): Promise<EvaluationRecord> {
	const now = deps.clock.now();
	const record: EvaluationRecord = { ...input, id: deps.newId(), createdAt: now, updatedAt: now };
	await tx(db, [STORES.evaluations], 'readwrite', (t) =>
		t.objectStore(STORES.evaluations).add(record)
	);
	return record;
}

/** Replaces an evaluation's results and status (its identity fields are kept). */
export async function updateEvaluation(
	db: SkillOptDb,
	record: EvaluationRecord,
	deps: RepoDeps = browserDeps
): Promise<EvaluationRecord> {
	const next: EvaluationRecord = { ...record, updatedAt: deps.clock.now() };
	await tx(db, [STORES.evaluations], 'readwrite', (t) =>
		t.objectStore(STORES.evaluations).put(next)
	);
	return next;
}

/** A workspace's evaluations, newest first. */
export async function listEvaluations(
	db: SkillOptDb,
	workspaceId: string
): Promise<EvaluationRecord[]> {
	const all = await db.getAllFromIndex(STORES.evaluations, INDEXES.byWorkspace, workspaceId);
	return all.sort((a, b) => b.createdAt - a.createdAt);
}

export function deleteEvaluation(db: SkillOptDb, id: string): Promise<void> {
	return db.delete(STORES.evaluations, id);
}

/** Evaluations a closed tab left 'running' are kept as stopped: their results are partial. */
export async function stopInterrupted(
	db: SkillOptDb,
	workspaceId: string,
	deps: RepoDeps = browserDeps
): Promise<number> {
	let count = 0;
	await tx(db, [STORES.evaluations], 'readwrite', async (t) => {
		const store = t.objectStore(STORES.evaluations);
		for (const record of await store.index(INDEXES.byWorkspace).getAll(workspaceId)) {
			if (record.status !== 'running') continue;
			await store.put({ ...record, status: 'stopped', updatedAt: deps.clock.now() });
			count++;
		}
	});
	return count;
}
