// The API of the webapp sample: one function behind the route 'ANY /api/{proxy+}', written as it is for an
// API Gateway HTTP API on AWS (payload format 2.0 in, a {statusCode, headers, body} answer out), with nothing
// of Kumo in it. It keeps no state: every answer is computed from the request alone, so any sandbox can give it.
//
//   GET  /api/request     what the function was told about this request (method, path, caller, request id, time)
//   POST /api/greetings   {"name": "Ada"} → a greeting in the caller's language (Accept-Language)
//
// Anything else is a 404 (unknown path) or a 405 (known path, other method), and a bad greeting request a 400
// or 415, each with a JSON body {"message": "…"} that says what was wrong, as Kumo's own gateway errors do.

const MAX_NAME_LENGTH = 60;

// The greeting for each language this sample speaks; the caller's Accept-Language picks one, English otherwise.
const GREETINGS = {
  en: (name) => `Hello, ${name}!`,
  de: (name) => `Hallo, ${name}!`,
  es: (name) => `¡Hola, ${name}!`,
  fr: (name) => `Bonjour, ${name} !`,
  it: (name) => `Ciao, ${name}!`,
  ja: (name) => `こんにちは、${name}さん！`,
  nl: (name) => `Hallo, ${name}!`,
  pt: (name) => `Olá, ${name}!`,
};

const ENDPOINTS = {
  "/api/request": { GET: describeRequest },
  "/api/greetings": { POST: greet },
};

export const handler = async (event) => {
  if (event?.version !== "2.0") {
    return json(500, {
      message: "this function reads API Gateway payload format 2.0 events: route to it with --payload-format 2.0 (the default)",
    });
  }

  const method = event.requestContext.http.method;
  const path = event.rawPath.length > 1 ? event.rawPath.replace(/\/+$/, "") : event.rawPath;
  const endpoint = ENDPOINTS[path];
  if (!endpoint) {
    return json(404, {
      message: `there is no ${method} ${path}: this API has ${describeEndpoints()}`,
    });
  }

  const action = endpoint[method];
  if (!action) {
    const allowed = Object.keys(endpoint);
    return json(405, { message: `${path} takes ${allowed.join(" or ")}, not ${method}` }, { allow: allowed.join(", ") });
  }

  return action(event);
};

// GET /api/request: the request as the function received it, for the page to show.
function describeRequest(event) {
  const http = event.requestContext.http;
  return json(200, {
    method: http.method,
    path: event.rawPath,
    query: event.rawQueryString,
    routeKey: event.routeKey,
    stage: event.requestContext.stage,
    requestId: event.requestContext.requestId,
    sourceIp: http.sourceIp,
    userAgent: http.userAgent,
    acceptLanguage: event.headers?.["accept-language"] ?? null,
    requestTime: new Date(event.requestContext.timeEpoch).toISOString(),
    serverTime: new Date().toISOString(),
    runtime: `Node.js ${process.version}`,
  });
}

// POST /api/greetings: {"name": "…"} → {"greeting": "…", "language": "…", "name": "…", "at": "…"}.
function greet(event) {
  const contentType = (event.headers?.["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (contentType !== "application/json") {
    return json(415, {
      message: `send the name as JSON with Content-Type: application/json, not ${contentType || "no content type"}`,
    });
  }

  const text = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : event.body ?? "";
  let input;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return json(400, { message: `the body is not valid JSON (${error.message}): send {"name": "Ada"}` });
  }

  const name = typeof input?.name === "string" ? input.name.trim() : null;
  if (name === null) {
    return json(400, { message: 'the body has no "name": send {"name": "Ada"}' });
  }

  if (name.length === 0) {
    return json(400, { message: "the name is empty: type a name to greet" });
  }

  const length = [...name].length;
  if (length > MAX_NAME_LENGTH) {
    return json(400, { message: `the name has ${length} characters; ${MAX_NAME_LENGTH} at most, please` });
  }

  const language = pickLanguage(event.headers?.["accept-language"]);
  return json(200, {
    greeting: GREETINGS[language](name),
    language,
    name,
    at: new Date().toISOString(),
    requestId: event.requestContext.requestId,
  });
}

// The first language of an Accept-Language header (by its q weights) that this sample speaks; English otherwise.
function pickLanguage(header) {
  const ranked = (header ?? "")
    .split(",")
    .map((part, index) => {
      const [tag, ...parameters] = part.trim().split(";");
      const q = parameters.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { language: tag.trim().toLowerCase().split("-")[0], weight: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.language && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked.find((entry) => entry.language in GREETINGS)?.language ?? "en";
}

function describeEndpoints() {
  return Object.entries(ENDPOINTS)
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
    .join(" and ");
}

function json(statusCode, body, headers = {}) {
  return {
    statusCode,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
    body: JSON.stringify(body),
  };
}
