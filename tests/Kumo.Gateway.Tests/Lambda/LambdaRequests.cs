using System.Text;
using System.Text.Json.Nodes;

namespace Kumo.Gateway.Tests.Lambda;

/// <summary>Lambda API request bodies, as an SDK would send them.</summary>
internal static class LambdaRequests
{
    public const string Arn = "arn:aws:lambda:us-east-1:123456789012:function:";

    public static readonly byte[] Zip = "PK-not-really-a-zip"u8.ToArray();

    public static JsonObject CreateFunction(string name, byte[]? zip = null) => new()
    {
        ["FunctionName"] = name,
        ["Runtime"] = "python3.12",
        ["Handler"] = "app.handler",
        ["Role"] = "arn:aws:iam::123456789012:role/lambda",
        ["Code"] = new JsonObject { ["ZipFile"] = Convert.ToBase64String(zip ?? Zip) },
    };

    public static StringContent Json(JsonNode body) => Json(body.ToJsonString());

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public static async Task CreateAsync(this LambdaTestServer server, params string[] names)
    {
        foreach (var name in names)
        {
            using var response = await server.Http.PostAsync("/2015-03-31/functions", Json(CreateFunction(name)));
            await LambdaAssert.JsonAsync(response, System.Net.HttpStatusCode.Created);
        }
    }
}
