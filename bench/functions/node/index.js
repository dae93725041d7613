exports.handler = async (event) => ({ entered: performance.timeOrigin + performance.now(), echo: event });
