using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Testing;

namespace Kumo.FunctionalTests.Lambda;

/// <summary><c>InvocationType: Event</c> from every client: 202 at once, and the function runs afterwards.</summary>
[Collection(LambdaCollection.Name)]
public sealed class EventInvokeTests(LambdaServer server)
{
    public static TheoryData<string> Clients => LambdaClient.All;

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Invoke_EventType_Answers202AndTheFunctionRunsLater(string clientName)
    {
        var client = LambdaClient.For(clientName, server);
        var name = LambdaServer.NewFunctionName("event");
        await client.CreateActiveFunctionAsync(name, TestFunction.PythonEcho, server.Packages.Package(TestFunction.PythonEcho, "v1"));

        var accepted = (await client.CallAsync("Invoke", new JsonObject
        {
            ["FunctionName"] = name,
            ["InvocationType"] = "Event",
            ["Payload"] = JsonSerializer.Serialize(new { message = "later" }),
        })).AssertOk();

        Assert.Equal("202", accepted.OutputString("StatusCode"));
        using var http = new HttpClient { BaseAddress = new Uri(server.Endpoint) };
        JsonElement? record = null;
        await Poll.UntilAsync(
            async () =>
            {
                var list = await http.GetFromJsonAsync<JsonElement>($"/_kumo/v1/invocations?function={name}");
                record = list.GetProperty("invocations").EnumerateArray().Cast<JsonElement?>().FirstOrDefault();
                return record is not null;
            },
            "the event's invocation record",
            TimeSpan.FromSeconds(60));
        Assert.Equal("async", record!.Value.GetProperty("trigger").GetString());
        Assert.Equal("success", record.Value.GetProperty("outcome").GetString());
        await client.DeleteFunctionAsync(name);
    }
}
