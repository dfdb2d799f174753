/**
 * Boolean expressions: evaluate `not ( True ) and False or True is` with Python's precedence
 * (not, then and, then or), parentheses first.
 *
 * A small model that reads strictly left to right gets some items right by luck, so the feature
 * that matters is whether precedence changes the result here (`precedenceMatters`, computed by
 * evaluating the same text left to right). Difficulty adds operators and nesting.
 */
import type { JsonValue, PackItem, TaskFamily } from '../types.ts';
import type { Random } from '../../ports.ts';
import {
	UnsolvableInputError,
	chance,
	checkDifficulty,
	intBetween,
	itemId,
	itemRandom
} from './family-kit.ts';

const ID = 'boolean-expressions';
const DIFFICULTIES = [1, 2, 3] as const;

type Op = 'and' | 'or';
type Expr =
	| { kind: 'lit'; value: boolean }
	| { kind: 'not'; arg: Expr }
	| { kind: 'bin'; op: Op; left: Expr; right: Expr };

interface Level {
	operators: [number, number];
	/** Probability of a `not` in front of a sub-expression. */
	not: number;
	/** Probability of parentheses that precedence does not require. */
	extraParens: number;
	minDepth: number;
	/** Probability of building the `A or B and C` shape where reading left to right fails. */
	trap: number;
}

const LEVELS: Readonly<Record<number, Level>> = {
	1: { operators: [1, 2], not: 0.25, extraParens: 0, minDepth: 0, trap: 0 },
	2: { operators: [2, 4], not: 0.25, extraParens: 0.3, minDepth: 0, trap: 0.35 },
	3: { operators: [4, 6], not: 0.3, extraParens: 0.5, minDepth: 2, trap: 0.35 }
};

const PREC = { or: 1, and: 2, not: 3, lit: 4 } as const;
const precOf = (e: Expr): number => (e.kind === 'bin' ? PREC[e.op] : PREC[e.kind]);

/**
 * `underOrRight` favours `x or y and z`, the shape where precedence changes the result, which
 * uniform draws produce too rarely to teach anything.
 */
function build(random: Random, operators: number, level: Level, underOrRight = false): Expr {
	let expr: Expr;
	if (operators === 0) expr = { kind: 'lit', value: chance(random, 0.5) };
	else {
		const leftOps = random.int(operators);
		const op: Op = chance(random, underOrRight ? 0.85 : 0.5) ? 'and' : 'or';
		expr = {
			kind: 'bin',
			op,
			left: build(random, leftOps, level),
			right: build(random, operators - 1 - leftOps, level, op === 'or')
		};
	}
	return chance(random, level.not) ? { kind: 'not', arg: expr } : expr;
}

/**
 * `A or B and C` with A true and C false: correct reading gives True, left to right gives False.
 * Half the time the whole is negated so the trap does not fix the answer.
 */
function buildTrap(random: Random, operators: number, level: Level): Expr {
	const truthy = (e: Expr, want: boolean): Expr =>
		evalTree(e) === want ? e : { kind: 'not', arg: e };
	const aOps = random.int(operators - 1);
	const bOps = random.int(operators - 1 - aOps);
	const a = truthy(build(random, aOps, level), true);
	const b = build(random, bOps, level);
	const c = truthy(build(random, operators - 2 - aOps - bOps, level), false);
	const expr: Expr = {
		kind: 'bin',
		op: 'or',
		left: a,
		right: { kind: 'bin', op: 'and', left: b, right: c }
	};
	return chance(random, 0.5) ? { kind: 'not', arg: expr } : expr;
}

/** Renders with spaces around every token; parentheses where precedence needs them, or at random. */
function render(e: Expr, random: Random, level: Level): string[] {
	const wrap = (child: Expr, needed: boolean): string[] => {
		const inner = render(child, random, level);
		return needed || (child.kind !== 'lit' && chance(random, level.extraParens))
			? ['(', ...inner, ')']
			: inner;
	};
	switch (e.kind) {
		case 'lit':
			return [e.value ? 'True' : 'False'];
		case 'not':
			return ['not', ...wrap(e.arg, precOf(e.arg) < PREC.not)];
		case 'bin':
			return [
				...wrap(e.left, precOf(e.left) < PREC[e.op]),
				e.op,
				// Equal precedence on the right is harmless for and/or (associative), so no parens.
				...wrap(e.right, precOf(e.right) < PREC[e.op])
			];
	}
}

/** The gold comes from the tree, not the text, so the solver's parser is checked against it. */
function evalTree(e: Expr): boolean {
	switch (e.kind) {
		case 'lit':
			return e.value;
		case 'not':
			return !evalTree(e.arg);
		case 'bin':
			return e.op === 'and'
				? evalTree(e.left) && evalTree(e.right)
				: evalTree(e.left) || evalTree(e.right);
	}
}

function parenDepth(tokens: readonly string[]): number {
	let depth = 0;
	let max = 0;
	for (const t of tokens) {
		if (t === '(') max = Math.max(max, ++depth);
		else if (t === ')') depth--;
	}
	return max;
}

/**
 * Evaluates a token list. With `flat`, and/or share one precedence and apply left to right: how a
 * reader who ignores precedence would do it.
 */
function evaluate(tokens: readonly string[], flat: boolean): boolean {
	let pos = 0;
	const fail = (why: string): never => {
		throw new UnsolvableInputError(ID, `${why} at token ${pos + 1}`);
	};
	const prec = (t: string | undefined): number =>
		t === 'or' ? 1 : t === 'and' ? (flat ? 1 : 2) : 0;
	const unary = (): boolean => {
		const t = tokens[pos++];
		if (t === 'not') return !unary();
		if (t === 'True') return true;
		if (t === 'False') return false;
		if (t === '(') {
			const value = binary(1);
			if (tokens[pos++] !== ')') fail('missing ")"');
			return value;
		}
		return fail(`unexpected "${t ?? 'end of input'}"`);
	};
	const binary = (minPrec: number): boolean => {
		let left = unary();
		for (;;) {
			const op = tokens[pos];
			const p = prec(op);
			if (p === 0 || p < minPrec) return left;
			pos++;
			const right = binary(p + 1);
			left = op === 'and' ? left && right : left || right;
		}
	};
	const value = binary(1);
	if (pos !== tokens.length) fail('unexpected trailing token');
	return value;
}

function tokenize(input: string): string[] {
	const body = input.trim().replace(/\s+is\s*$/, '');
	return body
		.replace(/([()])/g, ' $1 ')
		.trim()
		.split(/\s+/);
}

function generate(seed: number, index: number, difficulty: number): PackItem {
	checkDifficulty(ID, difficulty, DIFFICULTIES);
	const level = LEVELS[difficulty] as Level;
	const random = itemRandom(ID, seed, index, difficulty);
	const operators = intBetween(random, level.operators[0], level.operators[1]);
	const draw = (): Expr =>
		operators >= 2 && chance(random, level.trap)
			? buildTrap(random, operators, level)
			: build(random, operators, level);
	let expr = draw();
	let tokens = render(expr, random, level);
	// Redraw (from the same stream, so still deterministic) until the nesting is deep enough.
	for (let attempt = 0; attempt < 50 && parenDepth(tokens) < level.minDepth; attempt++) {
		expr = draw();
		tokens = render(expr, random, level);
	}
	const value = evalTree(expr);
	const text = tokens.join(' ');
	return {
		id: itemId(ID, seed, index),
		input: `${text} is`,
		answer: value ? 'True' : 'False',
		meta: {
			difficulty,
			features: {
				operators: tokens.filter((t) => t === 'and' || t === 'or').length,
				depth: parenDepth(tokens),
				hasNot: tokens.includes('not'),
				notCount: tokens.filter((t) => t === 'not').length,
				doubleNot: / not not /.test(` ${text} `),
				mixesAndOr: tokens.includes('and') && tokens.includes('or'),
				precedenceMatters: evaluate(tokens, true) !== value
			}
		}
	};
}

/** Parses the expression with Python's precedence and evaluates it. */
function solve(input: string): JsonValue {
	return evaluate(tokenize(input), false) ? 'True' : 'False';
}

export const booleanExpressions: TaskFamily = {
	id: ID,
	title: 'Boolean expressions',
	description: 'Evaluate expressions of True, False, not, and, or and parentheses.',
	prompt: {
		template: 'Evaluate this Boolean expression (Python rules):\n{{input}}\n\n{{contract}}',
		contract: 'Finish with a final line: Answer: True or Answer: False'
	},
	generation: { maxTokens: 256, temperature: 0, stop: [] },
	grader: { type: 'exact', marker: 'Answer:', caseInsensitive: true, collapseSpace: true },
	initialSkill: '# Logic\n\nWork out whether the expression is True or False.\n',
	defaultSizes: { train: 40, val: 40, test: 100 },
	difficulties: DIFFICULTIES,
	defaultDifficulty: 2,
	generate,
	solve
};
