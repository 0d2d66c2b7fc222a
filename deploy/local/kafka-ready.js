#!/usr/bin/env node
'use strict';
// Readiness probe for the local Kafka broker (used by deploy/local/kafka.sh).
//
//   node deploy/local/kafka-ready.js [host:port] [timeoutMs]
//
// Exit codes: 0 = broker answers metadata requests (describeCluster + listTopics)
//             1 = not ready / unreachable
//             3 = the `kafkajs` package cannot be resolved (caller should fall back)
// Resolves `kafkajs` like any require(): <repo>/node_modules, or NODE_PATH.

const broker = process.argv[2] || process.env.PXR_KAFKA_BROKER || '127.0.0.1:9092';
const timeoutMs = Number(process.argv[3] || 5000);

let kafkajs;
try {
  kafkajs = require('kafkajs');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('kafka-ready: kafkajs is not installed\n');
    process.exit(3);
  }
  throw err;
}

const { Kafka, logLevel } = kafkajs;

async function main() {
  const kafka = new Kafka({
    clientId: 'pxr-kafka-ready',
    brokers: [broker],
    connectionTimeout: Math.min(timeoutMs, 2000),
    requestTimeout: Math.min(timeoutMs, 3000),
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const timer = setTimeout(() => {
    process.stderr.write(`kafka-ready: timed out after ${timeoutMs} ms\n`);
    process.exit(1);
  }, timeoutMs);
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (!cluster.brokers || cluster.brokers.length === 0) {
      throw new Error('no brokers in metadata');
    }
    if (cluster.controller === null || cluster.controller === undefined || cluster.controller < 0) {
      throw new Error('no active controller yet');
    }
    const topics = await admin.listTopics();
    process.stdout.write(
      `kafka-ready: ok cluster=${cluster.clusterId} brokers=${cluster.brokers.length} topics=${topics.length}\n`,
    );
    clearTimeout(timer);
    await admin.disconnect().catch(() => {});
    process.exit(0);
  } catch (err) {
    process.stderr.write(`kafka-ready: not ready: ${err && err.message ? err.message : err}\n`);
    clearTimeout(timer);
    await admin.disconnect().catch(() => {});
    process.exit(1);
  }
}

main();
