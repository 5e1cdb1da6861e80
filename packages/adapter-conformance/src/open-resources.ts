/**
 * Which resources (sockets, servers, timers) a test left keeping the process alive: those open
 * now and not before, once sockets had up to 2 s to finish their asynchronous close.
 */
export async function resourcesLeftOpen(before: readonly string[]): Promise<string[]> {
  let left = difference(before, process.getActiveResourcesInfo());
  for (let i = 0; i < 100 && left.length > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    left = difference(before, process.getActiveResourcesInfo());
  }
  return left;
}

function difference(before: readonly string[], after: string[]): string[] {
  const left = [...after];
  for (const type of before) {
    const i = left.indexOf(type);
    if (i >= 0) left.splice(i, 1);
  }
  return left;
}
