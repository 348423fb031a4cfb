// Stops the platform of platform.setup.mjs and drops its namespace.
export default async function tearDownBrowserPlatform() {
  await globalThis.anlaoBrowserPlatform?.stop();
}
