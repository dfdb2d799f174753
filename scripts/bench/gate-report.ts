/**
 * The gate figures as a table, with the aims they are read against (issue 19): ours ≤ 1.10 × the
 * oracle on rejected candidates, verdicts 100% identical in every scenario.
 */
import { addFigures, emptyFigures, FAMILIES, SEEDS, type GateBench } from './gate.ts';
import { pct, ratio, table } from './table.ts';

export function gateReport(bench: GateBench): string {
	const rows: string[][] = [];
	let total = emptyFigures();
	for (const [name, s] of Object.entries(bench.scenarios)) {
		total = addFigures(total, s);
		rows.push([
			name,
			String(s.candidates),
			`${s.accepted} (${pct(s.accepted / s.candidates)})`,
			ratio(s.oursRejected, s.oracleRejected),
			ratio(s.ours, s.oracle),
			pct(s.ours / s.wholeSplit),
			pct(s.ours / s.wholeSplitCached),
			`${s.identical}/${s.candidates}`
		]);
	}
	const lines = [
		`Gate cost: val rollouts on judged candidates, ${FAMILIES.length} families × ${SEEDS.length} seeds per scenario (scripted simulation)`,
		table(
			[
				'scenario',
				'judged',
				'accepted',
				'ours/oracle rejected',
				'ours/oracle all',
				'ours/whole',
				'ours/whole+cache',
				'verdicts'
			],
			rows
		),
		'oracle: the fewest rollouts that prove the same verdict from the recorded per-item results;',
		'whole = every val item per candidate; whole+cache = every val item per candidate text not scored before.',
		'aims: ours ≤ 1.10 × oracle on rejected candidates; verdicts 100% identical in every scenario.'
	];
	const worst = Object.entries(bench.scenarios).filter(
		([, s]) => s.oursRejected > 1.1 * s.oracleRejected
	);
	lines.push(
		worst.length === 0
			? 'rejected-candidate aim met in every scenario.'
			: `rejected-candidate aim missed in: ${worst.map(([n]) => n).join(', ')}.`
	);
	const identical = total.identical === total.candidates;
	lines.push(
		identical
			? `verdicts identical: ${total.identical}/${total.candidates}.`
			: `verdicts NOT identical: ${total.identical}/${total.candidates}; ${total.mismatches.join('; ')}`
	);
	lines.push(
		`re-paid: ${total.repaid} of our rollouts scored items the run had scored before for the same text.`
	);
	if (total.knownButPaid > 0) {
		lines.push(`WARNING: ${total.knownButPaid} items counted as known were paid for by the run.`);
	}
	if (total.itemDisagreements > 0) {
		lines.push(`WARNING: ${total.itemDisagreements} item results differ between run and shadow.`);
	}
	lines.push(`gate bench wall time: ${(bench.wallMs / 1000).toFixed(1)} s`);
	return lines.join('\n');
}
