using System.Globalization;
using System.Reflection;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>A function from tests/Functions: its runtime, its handler, and the folder its package is made of.</summary>
internal sealed record TestFunction(string Name, string Runtime, string Handler, string SourceDirectory)
{
    private static readonly string FunctionsOutput = typeof(TestFunction).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsOutput").Value!;

    /// <summary>Answers with its runtime, the event's message, GREETING, its package's marker.txt and its memory.</summary>
    public static TestFunction NodeEcho { get; } = new("node", "nodejs22.x", "index.handler", Sources("NodeEchoFunction"));

    /// <summary>Answers as <see cref="NodeEcho"/> does.</summary>
    public static TestFunction PythonEcho { get; } = new("python", "python3.12", "app.handler", Sources("PythonEchoFunction"));

    /// <summary>Answers as <see cref="NodeEcho"/> does; built by this project (a project reference).</summary>
    public static TestFunction DotnetEcho { get; } = new("dotnet", "dotnet10", "DotnetEchoFunction::Echo.Function::HandleAsync", Built("DotnetEchoFunction"));

    /// <summary>Sleeps 200 ms (or the event's <c>ms</c>).</summary>
    public static TestFunction PythonSleep { get; } = new("sleep", "python3.12", "sleeper.handler", Sources("PythonSleepFunction"));

    /// <summary>Raises <c>OrderRejected("order {orderId} rejected")</c>.</summary>
    public static TestFunction PythonError { get; } = new("fail", "python3.12", "failing.handler", Sources("PythonErrorFunction"));

    /// <summary>tests/Functions/AwsStyleFunction's <c>Reject</c>: throws <c>InvalidOperationException("order {orderId} rejected")</c>.</summary>
    public static TestFunction DotnetReject { get; } = new("dotnet-reject", "dotnet8", "AwsStyleFunction::AwsStyle.Function::Reject", Built("AwsStyleFunction"));

    public static TestFunction Echo(string runtime) => runtime switch
    {
        "node" => NodeEcho,
        "python" => PythonEcho,
        "dotnet" => DotnetEcho,
        _ => throw new ArgumentOutOfRangeException(nameof(runtime), runtime, "no echo function for it"),
    };

    private static string Sources(string folder) => Path.Combine(ClientTools.RepositoryRoot, "tests", "Functions", folder);

    private static string Built(string project) => string.Format(CultureInfo.InvariantCulture, FunctionsOutput, project);
}
