namespace Kumo.Runtime.Dotnet;

/// <summary>
/// An executable assembly (handler = the assembly's name): its <c>Main</c> runs its own loop against the
/// Runtime API, as AWS's executable-assembly functions do. It runs in this process, so the runtime is warm.
/// </summary>
internal static class ExecutableHandler
{
    public static async Task<int> RunAsync(HandlerName name, string taskRoot, RuntimeApiClient client)
    {
        var path = Path.Combine(taskRoot, name.Assembly + ".dll");
        if (!File.Exists(path))
        {
            var error = new ErrorDocument("Runtime.ImportModuleError", $"Could not find the executable assembly '{name.Assembly}.dll' in {taskRoot}", []);
            Console.WriteLine($"[ERROR] {error}");
            await client.FailInitAsync(error);
            return 1;
        }

        var assembly = new FunctionLoadContext(path).LoadFromAssemblyPath(path);
        if (assembly.EntryPoint is not { } main)
        {
            var error = new ErrorDocument("Runtime.HandlerNotFound", $"'{name.Assembly}.dll' has no Main: name a class-library handler as Assembly::Namespace.Type::Method instead", []);
            Console.WriteLine($"[ERROR] {error}");
            await client.FailInitAsync(error);
            return 1;
        }

        var result = main.Invoke(null, main.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        switch (result)
        {
            case Task<int> exitCode:
                return await exitCode;
            case Task task:
                await task;
                return 0;
            case int exitCode:
                return exitCode;
            default:
                return 0;
        }
    }
}
