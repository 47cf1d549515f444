// typia's input for the bench baseline (bench/README.md): typia's own validators for the
// generated Order type. `typia generate` turns each call into plain TypeScript (gen/), which
// TypeScript 5.9 compiles to out/; the bench imports out/order.mjs. The type is the one the
// generated package declares, unchanged: typia checks what the type says (int64 fields are
// `string`, date-time fields `string`), so it does not check formats or digit patterns.
import typia from 'typia';
import type { Order } from '../../../generated/spiffy/models.js';

/** typia `is`: unknown keys allowed (as isOrder without `strict`). */
export const isOrder = typia.createIs<Order>();
/** typia `equals`: unknown keys rejected (as isOrder with `{ strict: true }`). */
export const equalsOrder = typia.createEquals<Order>();
