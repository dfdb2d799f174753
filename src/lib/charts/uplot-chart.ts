/**
 * The one place uPlot is touched: a chart of aligned runs (see `run-view/series.ts`) in a
 * container, in the app's palette (read from its CSS variables at every draw, so a theme change
 * is one redraw), sized to its container, with the selected step marked and a click reported as
 * the train-items-seen position under the pointer. Loaded with the charts only, never at first
 * paint.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { AlignedSeries, DrawnSeries, MetricSpec } from '../run-view/series.ts';

export interface ChartOptions {
	metric: MetricSpec;
	height: number;
	/** Told the x value (train items seen) under a click on the plot. */
	onPick: (x: number) => void;
}

export interface ChartHandle {
	update(data: AlignedSeries, selectedX: number | null): void;
	destroy(): void;
}

/** A comparison's runs, each its own: colour and line together, so neither alone must tell. */
const RUN_COLORS = ['--accent', '--warn', '--danger', '--ok'] as const;
const RUN_LINES = ['solid', 'dashed', 'dotted', 'double'] as const;
const RUN_DASHES: Record<(typeof RUN_LINES)[number], number[]> = {
	solid: [],
	dashed: [6, 4],
	dotted: [2, 3],
	double: [8, 3, 2, 3]
};

/** The line a legend swatch draws for a series of a per-run chart. */
export function lineOf(series: DrawnSeries): (typeof RUN_LINES)[number] {
	return RUN_LINES[series.runIndex % RUN_LINES.length] ?? 'solid';
}

/** A series' dash: an overlaid run's curves differ from the first run's; a per-run chart's by run. */
export function dashOf(series: DrawnSeries): number[] {
	if (series.perRun) return RUN_DASHES[lineOf(series)];
	if (series.runIndex === 0) return series.spec.style === 'dashed' ? [6, 4] : [];
	return series.spec.style === 'dashed' ? [2, 3, 8, 3] : [2, 3];
}

/**
 * The CSS colour of a series: the first run in its own colour and others in the muted one, or
 * (a per-run chart) each run in a colour of its own.
 */
export const colorOf = (series: DrawnSeries): string =>
	series.perRun
		? (RUN_COLORS[series.runIndex % RUN_COLORS.length] ?? '--accent')
		: series.runIndex === 0
			? series.spec.color
			: '--muted';

function seriesOption(el: HTMLElement, s: DrawnSeries): uPlot.Series {
	const color = () => cssVar(el, colorOf(s));
	if (s.spec.style === 'points') {
		// Accepted steps: a ring around the candidate's point, drawn without a line.
		return {
			label: s.label,
			stroke: color,
			width: 0,
			paths: () => null,
			points: { show: true, size: 13, width: 2.5, stroke: color, fill: 'transparent' }
		};
	}
	return {
		label: s.label,
		stroke: color,
		width: s.runIndex === 0 || s.perRun ? 2 : 1.5,
		dash: dashOf(s),
		// A candidate exists only where one was scored: no line across the steps without one.
		spanGaps: s.spec.style !== 'dashed',
		points: { show: true, size: 6, stroke: color, fill: color }
	};
}

function cssVar(el: HTMLElement, name: string): string {
	return getComputedStyle(el).getPropertyValue(name).trim() || '#888';
}

/** Mount a chart in `el`; the caller updates it with new data and destroys it. */
export function mountChart(
	el: HTMLElement,
	data: AlignedSeries,
	selectedX: number | null,
	{ metric, height, onPick }: ChartOptions
): ChartHandle {
	let selected = selectedX;
	let drawn = data.series;
	const font = '11px system-ui, sans-serif';
	const axis = (label: string): uPlot.Axis => ({
		label,
		font,
		labelFont: font,
		stroke: () => cssVar(el, '--muted'),
		grid: { stroke: () => cssVar(el, '--border'), width: 1 },
		ticks: { stroke: () => cssVar(el, '--border'), width: 1 }
	});
	const markSelected = (u: uPlot) => {
		if (selected === null) return;
		const left = u.valToPos(selected, 'x', true);
		const { ctx, bbox } = u;
		ctx.save();
		ctx.strokeStyle = cssVar(el, '--text');
		ctx.lineWidth = 1.5 * devicePixelRatio;
		ctx.setLineDash([3 * devicePixelRatio, 3 * devicePixelRatio]);
		ctx.beginPath();
		ctx.moveTo(left, bbox.top);
		ctx.lineTo(left, bbox.top + bbox.height);
		ctx.stroke();
		ctx.restore();
	};
	const build = (d: AlignedSeries): uPlot.Options => ({
		width: Math.max(200, el.clientWidth),
		height,
		legend: { show: false },
		cursor: { drag: { x: false, y: false }, points: { show: false } },
		scales: {
			x: {
				time: false,
				range: (_u, min, max) => (min === max ? [min - 1, max + 1] : [min, max])
			},
			y: {
				range: (_u, min, max): [number, number] =>
					metric.range ?? [Math.min(0, min), max <= 0 ? 1 : max * 1.1]
			}
		},
		axes: [
			axis('train items seen'),
			{
				...axis(metric.yLabel),
				size: 50,
				values: (_u, splits) => splits.map((v) => metric.tick(v)),
				...(metric.integer ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] } : {})
			}
		],
		series: [{}, ...d.series.map((s) => seriesOption(el, s))],
		hooks: { draw: [markSelected] }
	});
	const aligned = (d: AlignedSeries): uPlot.AlignedData => [d.x, ...d.ys];
	let plot = new uPlot(build(data), aligned(data), el);

	const onClick = (event: MouseEvent) => {
		const rect = plot.over.getBoundingClientRect();
		onPick(plot.posToVal(event.clientX - rect.left, 'x'));
	};
	const listen = () => plot.over.addEventListener('click', onClick);
	listen();

	const resize = new ResizeObserver(() => {
		const width = Math.max(200, el.clientWidth);
		if (width !== plot.width) plot.setSize({ width, height });
	});
	resize.observe(el);

	// The palette is read at draw time: a theme change needs only a redraw.
	const redraw = () => plot.redraw(false, false);
	const themeObserver = new MutationObserver(redraw);
	themeObserver.observe(document.documentElement, {
		attributes: true,
		attributeFilter: ['data-theme']
	});
	const scheme = matchMedia('(prefers-color-scheme: dark)');
	scheme.addEventListener('change', redraw);

	return {
		update(next, nextSelected) {
			selected = nextSelected;
			const sameSeries =
				next.series.length === drawn.length &&
				next.series.every((s, i) => s.label === drawn[i]?.label);
			if (sameSeries) {
				plot.setData(aligned(next));
				return;
			}
			// Another run overlaid (or removed): series change, so the plot is rebuilt.
			drawn = next.series;
			plot.destroy();
			plot = new uPlot(build(next), aligned(next), el);
			listen();
		},
		destroy() {
			resize.disconnect();
			themeObserver.disconnect();
			scheme.removeEventListener('change', redraw);
			plot.destroy();
		}
	};
}
