using System.Globalization;

namespace Kumo.Cli;

/// <summary>
/// Which signals this process was started with ignored. A program started in the background by a non-interactive
/// shell (or by <c>nohup</c>) inherits SIGINT ignored, and keeps it so: then Ctrl+C and <c>kill -INT</c> do nothing.
/// </summary>
internal static class InheritedSignals
{
    public const int Interrupt = 2;

    /// <summary>Whether <paramref name="signal"/> is ignored now; false when that cannot be read (no /proc).</summary>
    public static bool IsIgnored(int signal)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                // "SigIgn:\t0000000000000006": a hexadecimal mask, bit N-1 for signal N.
                if (line.StartsWith("SigIgn:", StringComparison.Ordinal)
                    && ulong.TryParse(line.AsSpan("SigIgn:".Length).Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var mask))
                {
                    return (mask & (1UL << (signal - 1))) != 0;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return false;
    }
}
