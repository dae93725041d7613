// A stand-in handler a stem cell imports while it waits for its function: the first import of a CommonJS module
// initialises Node's CommonJS translator (and its export lexer), which would otherwise cost a few milliseconds
// on the hand-over path of every CommonJS handler. It sits beside the bootstrap, never under /var/task.
exports.handler = async (event) => event;
