// HTTP handlers written as they are for API Gateway and Lambda function URLs on AWS, with nothing of Kumo in
// them. `handler` takes payload format 2.0; `v1` takes payload format 1.0.

// GET greets {name} (or ?name=) and sets cookies; POST sends the body back reversed, as binary.
exports.handler = async (event) => {
  const method = event.requestContext.http.method;
  if (method === "POST") {
    const received = Buffer.from(event.body ?? "", event.isBase64Encoded ? "base64" : "utf8");
    return {
      statusCode: 200,
      headers: { "content-type": "application/octet-stream", "x-received-bytes": String(received.length) },
      isBase64Encoded: true,
      body: Buffer.from(received).reverse().toString("base64"),
    };
  }

  const name = event.pathParameters?.name ?? event.queryStringParameters?.name ?? "world";
  return {
    statusCode: 200,
    headers: { "content-type": "application/json", "x-powered-by": "node" },
    cookies: [`greeted=${name}; Path=/`, "theme=dark; HttpOnly"],
    body: JSON.stringify({
      message: `Hello, ${name}!`,
      method,
      path: event.rawPath,
      routeKey: event.routeKey,
      tags: event.queryStringParameters?.tag?.split(",") ?? [],
      cookies: event.cookies ?? [],
      userAgent: event.requestContext.http.userAgent,
    }),
  };
};

// Payload format 1.0: every value of a repeated ?tag= in a header of its own.
exports.v1 = async (event) => {
  const tags = event.multiValueQueryStringParameters?.tag ?? [];
  return {
    statusCode: 202,
    headers: { "Content-Type": "application/json" },
    multiValueHeaders: { "X-Tag": tags, "Set-Cookie": ["a=1; Path=/", "b=2; Path=/"] },
    body: JSON.stringify({
      method: event.httpMethod,
      resource: event.resource,
      path: event.path,
      id: event.pathParameters?.id ?? null,
      tags,
      lastTag: event.queryStringParameters?.tag ?? null,
    }),
  };
};
