using System.Text.Json.Nodes;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>
/// Packages Kumo must refuse — a zip bomb, a zip slip, a handler whose file is not there, a runtime that does
/// not exist — are refused as InvalidParameterValueException naming the problem, and leave nothing behind:
/// no function, no stored package.
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class BadPackageTests(LambdaServer server)
{
    private const string PythonApp = "def handle(event, context):\n    return {'ok': True}\n";

    public static TheoryData<string, string> ProblemsAndClients
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var problem in new[] { "zip-bomb", "zip-slip", "missing-handler", "unknown-runtime" })
            {
                foreach (var client in new[] { LambdaClient.AwsCli, LambdaClient.Boto3, LambdaClient.JsSdk })
                {
                    data.Add(problem, client);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ProblemsAndClients))]
    public async Task CreateFunction_BadPackage_InvalidParameterValueExceptionAndNothingStored(string problem, string clientName)
    {
        var client = LambdaClient.For(clientName, server);
        var name = LambdaServer.NewFunctionName(problem);
        var (runtime, handler, zip, named) = problem switch
        {
            // 20 MB of one letter deflates about a thousand times: far past any real file's ratio.
            "zip-bomb" => ("python3.12", "orders.handle", server.Packages.Make(problem, ("orders.py", PythonApp), ("bomb.bin", new string('A', 20 * 1024 * 1024))), "bomb.bin"),
            "zip-slip" => ("python3.12", "orders.handle", server.Packages.Make(problem, ("orders.py", PythonApp), ("../evil.py", "print('outside')\n")), "../evil.py"),
            "missing-handler" => ("python3.12", "orders.handle", server.Packages.Make(problem, ("other.py", PythonApp)), "orders"),
            "unknown-runtime" => ("cobol85", "orders.handle", server.Packages.Make(problem, ("orders.py", PythonApp)), "cobol85"),
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, "no such problem"),
        };
        var storedBefore = server.StoredPackageFiles();

        var created = await client.CreateFunctionAsync(name, runtime, handler, zip);

        var error = created.AssertError("InvalidParameterValueException");
        Assert.True(created.Status is null or 400, created.ToString());
        Assert.True(error.Message.Contains(named, StringComparison.Ordinal), $"the message does not name '{named}': {error.Message}");
        Assert.DoesNotContain(name, await client.ListFunctionNamesAsync());
        (await client.CallAsync("GetFunction", new JsonObject { ["FunctionName"] = name })).AssertError("ResourceNotFoundException");
        Assert.Equal(storedBefore, server.StoredPackageFiles());
    }
}
