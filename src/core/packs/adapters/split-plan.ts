/**
 * The split an import proposes, and the rules a split the user types must meet. Small files are
 * the usual first try (a 10- or 20-row CSV), so the defaults favour a trainable split over a test
 * score, and every rule is stated in words the import dialog can show as it is.
 *
 * Rules: val ≥ 10 (the gate scores each candidate on val; fewer makes its verdicts noise),
 * train ≥ 1 (the failures the optimiser learns from), with a warning under 8; test may be 0,
 * and then the run has no test score. Under 11 items nothing can be split, so the import is
 * refused with the rule.
 */
import type { SplitName } from '../types.ts';

export const MIN_VAL_ITEMS = 10;
export const MIN_TRAIN_ITEMS = 1;
/** Below this many train items a step sees few failures: allowed, with a warning. */
export const FEW_TRAIN_ITEMS = 8;
export const MIN_IMPORT_ITEMS = MIN_VAL_ITEMS + MIN_TRAIN_ITEMS;

export type SplitSizes = Record<SplitName, number>;

/** The rule, as the dialog states it when a file is too small. */
export function tooFewItemsMessage(count: number): string {
	return (
		`${count} ${count === 1 ? 'item' : 'items'}: an import needs at least ${MIN_IMPORT_ITEMS} — ` +
		`${MIN_VAL_ITEMS} for val (the gate scores every candidate on them) and at least ` +
		`${MIN_TRAIN_ITEMS} for train (the failures the optimiser learns from)`
	);
}

/**
 * The proposed split of `count` items: val about a third (10 to 40), and what is left goes to
 * train until there are enough for a test split too (train up to 60, test up to 200).
 */
export function importSizes(count: number): SplitSizes {
	const n = Math.max(0, Math.floor(count));
	if (n < MIN_IMPORT_ITEMS)
		return { train: Math.max(0, n - MIN_VAL_ITEMS), val: Math.min(n, MIN_VAL_ITEMS), test: 0 };
	const val = Math.min(40, Math.max(MIN_VAL_ITEMS, Math.floor(n * 0.3)));
	const rest = n - val;
	if (rest <= 2 * FEW_TRAIN_ITEMS) return { train: rest, val, test: 0 };
	const train = Math.min(60, Math.ceil(rest / 2));
	return { train, val, test: Math.min(200, rest - train) };
}

export interface SplitCheck {
	/** Why this split cannot be used (empty when it can). */
	errors: string[];
	/** What the user should know before training on it. */
	warnings: string[];
}

/** Checks split sizes against the rules and the `count` items there are to split. */
export function checkSplitSizes(sizes: SplitSizes, count: number): SplitCheck {
	const errors: string[] = [];
	const warnings: string[] = [];
	if (count < MIN_IMPORT_ITEMS) return { errors: [tooFewItemsMessage(count)], warnings };
	for (const name of ['train', 'val', 'test'] as const) {
		const size = sizes[name];
		if (!Number.isInteger(size) || size < 0)
			errors.push(`the ${name} size must be a whole number from 0`);
	}
	if (errors.length > 0) return { errors, warnings };
	if (sizes.val < MIN_VAL_ITEMS)
		errors.push(`val needs at least ${MIN_VAL_ITEMS} items for the gate (it has ${sizes.val})`);
	if (sizes.train < MIN_TRAIN_ITEMS)
		errors.push(
			`train needs at least ${MIN_TRAIN_ITEMS} item: the optimiser learns from its failures`
		);
	const total = sizes.train + sizes.val + sizes.test;
	if (total > count)
		errors.push(`the splits add up to ${total} items, but there are only ${count}`);
	if (errors.length > 0) return { errors, warnings };
	if (sizes.train < FEW_TRAIN_ITEMS)
		warnings.push(
			`train has only ${sizes.train} ${sizes.train === 1 ? 'item' : 'items'}: each step learns from few failures (${FEW_TRAIN_ITEMS} or more is better)`
		);
	if (sizes.test === 0) warnings.push('test is 0: the run will report no test score, only val');
	return { errors, warnings };
}
