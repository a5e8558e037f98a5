export interface Line {
  readonly sku: string;
  readonly unitPrice: number;
  readonly quantity: number;
}

/** The total of a cart, with a discount code read from the promotions service. */
export async function total(lines: readonly Line[], discount: () => Promise<number>): Promise<number> {
  const gross = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  return gross * (1 - (await discount()));
}
