// The benchmark's Node function: when the handler was entered (ms since the epoch), then a sleep of the event's
// sleepMs if it has one.
exports.handler = async (event) => {
  const entered = performance.timeOrigin + performance.now();
  if (event && event.sleepMs > 0) {
    await new Promise((resolve) => setTimeout(resolve, event.sleepMs));
  }
  return { entered };
};
