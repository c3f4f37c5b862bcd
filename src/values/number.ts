/**
 * DynamoDB numbers (N) as text: up to 38 significant digits, magnitude 1E-130 to under 1E+126, or zero. Pure text
 * functions, no imports (the batch writer loads this for --help); the exact number itself: ./exact-number.ts.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
 */

/** What DynamoDB parses as a number (measured on DynamoDB Local: "+1", ".5", "5.", "1E5" yes; " 1", "0x10", "NaN" no). */
const GRAMMAR = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export const MAX_DIGITS = 38;

/** Significant digits and the decimal exponent of the first of them (1.5e3 → digits "15", exponent 3); zero: "". */
export const decompose = (text: string): { digits: string; exponent: number } => {
  const [mantissa = '', exp = '0'] = text.replace(/^[+-]/, '').split(/[eE]/);
  const [int = '', frac = ''] = mantissa.split('.');
  const all = int + frac;
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(lead).replace(/0+$/, '');
  return { digits, exponent: Number(exp) + int.length - lead - 1 };
};

/** Why DynamoDB would refuse this number text, or undefined when it takes it. */
export const numberProblem = (text: string): string | undefined => {
  if (!GRAMMAR.test(text)) return 'is not a number';
  const { digits, exponent } = decompose(text);
  if (!digits) return undefined; // zero
  if (digits.length > MAX_DIGITS) return `has ${digits.length} significant digits (DynamoDB keeps ${MAX_DIGITS})`;
  if (exponent >= 126) return 'overflows (DynamoDB numbers are below 1E+126)';
  if (exponent < -130) return 'underflows (the smallest DynamoDB number is 1E-130)';
  return undefined;
};
