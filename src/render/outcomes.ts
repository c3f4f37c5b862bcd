/** Views of commands whose result is an outcome rather than data: a line for people, a small object for scripts. */
import type { View } from './view.js';

export interface Dropped {
  TableName: string;
  Dropped: true;
  /** "at http://…" / "in AWS eu-west-1" */
  where: string;
}

export const droppedView: View<Dropped> = {
  table: () => '',
  footer: (d, style) => [`${style.green('dropped')} ${d.TableName} ${d.where}`],
  json: (d) => ({ TableName: d.TableName, Dropped: d.Dropped }),
};
