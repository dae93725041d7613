using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Text.Json.Serialization;
using Amazon.Lambda.Core;

namespace StemProbe;

public sealed record ProbeRequest([property: JsonPropertyName("variable")] string Variable);

public sealed record ProbeResponse(
    [property: JsonPropertyName("cwd")] string Cwd,
    [property: JsonPropertyName("marker")] string Marker,
    [property: JsonPropertyName("managed")] string? Managed,
    [property: JsonPropertyName("native")] string? Native,
    [property: JsonPropertyName("child")] string Child,
    [property: JsonPropertyName("functionName")] string FunctionName,
    [property: JsonPropertyName("loadContexts")] IReadOnlyList<string> LoadContexts,
    [property: JsonPropertyName("ownAssemblies")] IReadOnlyList<string> OwnAssemblies);

public static partial class Function
{
    public static ProbeResponse Handle(ProbeRequest request, ILambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        using var env = Process.Start(new ProcessStartInfo("/usr/bin/env") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var child = env.StandardOutput.ReadToEnd();
        env.WaitForExit();
        var own = AssemblyLoadContext.GetLoadContext(typeof(Function).Assembly)!;
        return new ProbeResponse(
            Directory.GetCurrentDirectory(),
            File.ReadAllText("marker.txt").Trim(),
            Environment.GetEnvironmentVariable(request.Variable),
            Marshal.PtrToStringUTF8(GetNative(request.Variable)),
            child,
            context.FunctionName,
            [.. AssemblyLoadContext.All.Select(c => c.Name ?? "")],
            [.. own.Assemblies.Select(a => a.GetName().Name ?? "")]);
    }

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint GetNative(string name);
}
