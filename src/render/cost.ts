/**
 * `ddb patterns cost`: a row per pattern (units per call, calls a month, dollars in both billing modes), the total,
 * where the prices and sizes come from; with --explain the arithmetic before it. Over --budget: exit 9.
 */
import { DdbError } from '../errors.js';
import { type CostReport, monthLines, type PatternCost } from '../patterns/cost.js';
import { count } from '../text.js';
import { renderTable } from './table.js';
import type { View } from './view.js';

const money = (n: number): string => {
  const [whole, cents] = n.toFixed(2).split('.');
  return `$${count(Number(whole))}.${cents}`;
};
const units = (n: number): string => String(Math.round(n * 100) / 100);

export interface CostResult {
  report: CostReport;
  explain: boolean;
}

const explanation = (r: CostReport): string =>
  r.patterns
    .map((p) =>
      [
        `${p.pattern} (${p.rate === undefined ? 'no rate' : `${p.rate}/s`})`,
        ...p.steps.flatMap((s, i) => [`  ${i + 1}. ${s.what}${s.when ? ` — only ${s.when}: not counted` : ''}`, ...s.lines.map((l) => `     ${l}`)]),
        `  per call: ${units(p.readUnits)} RRU, ${units(p.writeUnits)} WRU`,
        ...(p.measured ? [`  measured: ${units(p.measured.readUnits)} RRU a call (the engine's ConsumedCapacity, average of ${p.measured.calls} partition(s) read; writes are not sent)`] : []),
        ...monthLines(p, r).map((l) => `  ${l}`),
      ].join('\n'),
    )
    .join('\n\n');

const overBudget = (r: CostReport): DdbError | undefined => {
  if (r.budget === undefined || r.total[r.mode] <= r.budget) return undefined;
  return new DdbError('cost.overBudget', `the patterns cost ${money(r.total[r.mode])} a month ${r.mode}, over the budget of ${money(r.budget)}`, {
    suggestion: 'lower the rates, the items a call reads or writes, or raise --budget (`--explain` shows where the units go)',
  });
};

export const costView: View<CostResult> = {
  table: ({ report: r, explain }, style) => {
    const table = renderTable<PatternCost>(
      r.patterns,
      [
        { header: 'Pattern', value: (p) => p.pattern, key: true },
        { header: 'Calls/s', value: (p) => (p.rate === undefined ? '—' : p.rate), align: 'right', fixed: true },
        { header: 'RRU', value: (p) => units(p.readUnits), align: 'right', fixed: true },
        ...(r.patterns.some((p) => p.measured) ? [{ header: 'measured', value: (p: PatternCost) => (p.measured ? units(p.measured.readUnits) : '—'), align: 'right' as const }] : []),
        { header: 'WRU', value: (p) => units(p.writeUnits), align: 'right', fixed: true },
        { header: 'On-demand/mo', value: (p) => money(p.money['on-demand']), align: 'right', fixed: true },
        { header: 'Provisioned/mo', value: (p) => money(p.money.provisioned), align: 'right' },
      ],
      style,
    );
    const note = explain && r.prices.note ? `prices: ${r.prices.note}\n\n` : '';
    return `${explain ? `${explanation(r)}\n\n${note}` : ''}${table}\n`;
  },
  footer: ({ report: r }, style) => {
    const rcu = r.patterns.reduce((n, p) => n + p.capacity.rcu, 0);
    const wcu = r.patterns.reduce((n, p) => n + p.capacity.wcu, 0);
    const noRate = r.patterns.filter((p) => p.rate === undefined).map((p) => p.pattern);
    return [
      style.dim('RRU, WRU: the request units of one call; a month is 730 hours'),
      `total: ${money(r.total['on-demand'])} a month on-demand, ${money(r.total.provisioned)} provisioned (${units(rcu)} RCU, ${units(wcu)} WCU at 100% use)${r.budget !== undefined ? `; budget ${money(r.budget)} ${r.mode}` : ''}`,
      ...(noRate.length ? [`no rate for ${noRate.join(', ')}: not counted — pass --rate NAME=PER_SECOND or declare "rate"`] : []),
      style.dim(`prices: ${r.region}, ${r.prices.currency}, as of ${r.prices.date} (${r.prices.source}); sizes: ${r.sizes}`),
    ];
  },
  json: ({ report }) => report,
  verdict: ({ report }) => overBudget(report),
};
