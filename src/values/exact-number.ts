/**
 * A number held exactly: a JS number keeps ~15 digits, so a number is held as one only when it gives back the same
 * text, and as the SDK's NumberValue (its text) otherwise.
 */
import { NumberValueImpl as NumberValue } from '@aws-sdk/util-dynamodb';

export { NumberValue };

/**
 * The plain value of a number's text: a JS number when it gives back the same text (so nothing, not even the
 * spelling `1.50` or `6E3`, changes on the way through), else a NumberValue holding the text.
 */
export const plainNumber = (text: string): number | NumberValue => {
  const n = Number(text);
  return String(n) === text ? n : NumberValue.from(text);
};

export const isNumberValue = (value: unknown): value is NumberValue => value instanceof NumberValue;
