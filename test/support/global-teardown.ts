export default async function globalTeardown(): Promise<void> {
  await globalThis.__PXR_KAFKA_STOP__?.();
}
