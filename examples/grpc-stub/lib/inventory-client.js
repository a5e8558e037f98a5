'use strict';
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const definition = protoLoader.loadSync(path.join(__dirname, '..', 'proto', 'inventory.proto'));
const { inventory } = grpc.loadPackageDefinition(definition);

/** A client of the inventory service; grpc-js connects lazily, on the first call. */
function createInventoryClient(address = 'inventory.example.com:50051') {
  return new inventory.Inventory(address, grpc.credentials.createInsecure());
}

/** Whether `sku` can be shipped now. */
function isInStock(client, sku) {
  return new Promise((resolve, reject) => {
    client.GetStock({ sku }, (err, reply) => (err ? reject(err) : resolve(reply.quantity > 0)));
  });
}

module.exports = { createInventoryClient, isInStock };
