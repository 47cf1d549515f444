/** The types shared by the code builders (ts.ts, ts-builders.ts). */
import type { ts as TS } from '@ts-morph/common';

/** The compiler namespace (a value: factory, printer, transpilers). */
export type Ts = typeof TS;
export type Expression = TS.Expression;
export type Statement = TS.Statement;
export type TypeNode = TS.TypeNode;

/** A JSON-like value that {@link CodeBuilder.lit} can write as a literal. */
export type Literal = string | number | boolean | null | undefined | readonly Literal[] | { readonly [k: string]: Literal };

/** The binary operators the builders write, by their token name in `ts.SyntaxKind`. */
export type BinaryOperatorName =
  | 'PlusToken'
  | 'LessThanToken'
  | 'LessThanEqualsToken'
  | 'GreaterThanEqualsToken'
  | 'EqualsEqualsEqualsToken'
  | 'ExclamationEqualsEqualsToken'
  | 'AmpersandAmpersandToken'
  | 'BarBarToken'
  | 'EqualsToken';
