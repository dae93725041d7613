using System.Diagnostics;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>One run of a client program to its end: exit code and everything it printed.</summary>
internal sealed record ClientProcess(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>
    /// Runs <paramref name="fileName"/> with the given arguments (no shell). The environment is the test's
    /// own less every <c>AWS_*</c> variable, then <paramref name="environment"/> (a null value removes one).
    /// </summary>
    public static async Task<ClientProcess> RunAsync(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan deadline, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Credentials, profiles or endpoints of the machine running the tests must not reach the clients.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException(
                $"{fileName} {string.Join(' ', start.ArgumentList)} did not end within {deadline.TotalSeconds:0} s; it printed: {await stdout}{await stderr}");
        }

        return new ClientProcess(process.ExitCode, await stdout, await stderr);
    }
}
