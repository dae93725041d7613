namespace Kumo.Runtime.Dotnet;

/// <summary>
/// A stem cell: this runtime started without <c>_HANDLER</c>, before any function needed it. It warms what every
/// invocation runs, waits for the hand-over, then takes the function's environment and moves into its task root;
/// the handler is then loaded exactly as a normal start loads it.
/// </summary>
internal static class StemCell
{
    public static async Task SpecializeAsync(RuntimeApiClient client)
    {
        await WarmupFunction.RunOnceAsync();
        var specialization = await client.AwaitSpecializationAsync();
        foreach (var (name, value) in specialization.Environment)
        {
            ProcessEnvironment.Set(name, value);
        }

        if (Environment.GetEnvironmentVariable("_HANDLER") is null && specialization.Handler is { } handler)
        {
            ProcessEnvironment.Set("_HANDLER", handler);
        }

        // TZ may differ from what the stem read, should anything have asked for local time before.
        TimeZoneInfo.ClearCachedData();
        // Entered again: the task root is now a mount over the empty directory this process started in.
        Directory.SetCurrentDirectory(Environment.GetEnvironmentVariable("LAMBDA_TASK_ROOT") ?? "/var/task");
    }
}
