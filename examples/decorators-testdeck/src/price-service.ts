import * as http from 'node:http';

/** Prices items in a currency, with rates from an exchange-rate service. */
export class PriceService {
  constructor(private readonly rates: (currency: string) => Promise<number>) {}

  async priceIn(amountInEuro: number, currency: string): Promise<number> {
    const rate = await this.rates(currency);
    return Math.round(amountInEuro * rate * 100) / 100;
  }
}

/** The real rate source: GET <baseUrl>/rates/<currency> answering a bare number. */
export function httpRates(baseUrl: string): (currency: string) => Promise<number> {
  return (currency) =>
    new Promise((resolve, reject) => {
      http
        .get(`${baseUrl}/rates/${currency}`, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve(Number(body)));
        })
        .on('error', reject);
    });
}
