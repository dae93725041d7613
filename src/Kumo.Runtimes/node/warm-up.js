// A stand-in handler a stem cell loads while it waits for its function, the way a function's handler is loaded
// (bootstrap.mjs, warmUp): the first require of a .js file, the first import() of CommonJS (its translator and export
// lexer) and the look-ups around them would otherwise cost milliseconds on the hand-over path. It sits beside the
// bootstrap, never under /var/task, with no package.json: CommonJS, as a function's index.js usually is.
exports.handler = async (event) => event;
