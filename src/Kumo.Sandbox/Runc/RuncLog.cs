namespace Kumo.Sandbox.Runc;

/// <summary>runc's own log of one sandbox (<c>--log-format json</c>, in its bundle).</summary>
internal static class RuncLog
{
    /// <summary>The lines runc logged at level error or fatal, joined; null when there are none (or no log).</summary>
    public static async Task<string?> ErrorsAsync(string logFile)
    {
        if (!File.Exists(logFile))
        {
            return null;
        }

        var errors = (await File.ReadAllLinesAsync(logFile))
            .Where(l => l.Contains("\"level\":\"error\"", StringComparison.Ordinal) || l.Contains("\"level\":\"fatal\"", StringComparison.Ordinal))
            .ToList();
        return errors.Count == 0 ? null : string.Join(" ", errors);
    }
}
