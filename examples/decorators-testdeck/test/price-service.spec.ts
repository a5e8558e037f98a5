import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { suite, test } from '@testdeck/mocha';
import { Medium, Small } from 'hermetic';
import { httpRates, PriceService } from '../src/price-service';

@suite
@Small
export class PriceServiceSpec {
  @test async 'converts with the given rate'() {
    const service = new PriceService(async () => 1.1);
    assert.equal(await service.priceIn(10, 'USD'), 11);
  }

  @test async 'rounds to cents'() {
    const service = new PriceService(async () => 0.333);
    assert.equal(await service.priceIn(1, 'GBP'), 0.33);
  }
}

/** Medium: the real HTTP rate source against a server this suite starts on 127.0.0.1. */
@suite('rates over HTTP')
@Medium
export class HttpRatesSpec {
  static server: Server;
  static baseUrl: string;

  static async before() {
    HttpRatesSpec.server = createServer((req, res) => res.end(req.url === '/rates/USD' ? '1.25' : '0'));
    await new Promise<void>((resolve) => HttpRatesSpec.server.listen(0, '127.0.0.1', resolve));
    HttpRatesSpec.baseUrl = `http://127.0.0.1:${(HttpRatesSpec.server.address() as AddressInfo).port}`;
  }

  static async after() {
    await new Promise((resolve) => HttpRatesSpec.server.close(resolve));
  }

  @test async 'reads a rate from the local server'() {
    const service = new PriceService(httpRates(HttpRatesSpec.baseUrl));
    assert.equal(await service.priceIn(4, 'USD'), 5);
  }

  /** One method can be sized on its own: this one needs no server at all. */
  @test @Small 'prices with a fixed rate'() {
    return new PriceService(async () => 2).priceIn(3, 'CHF').then((price) => assert.equal(price, 6));
  }
}
