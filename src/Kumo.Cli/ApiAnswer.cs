namespace Kumo.Cli;

/// <summary>What a call to a server gave: its answer, or the exit code of a failure that was already reported.</summary>
/// <typeparam name="T">The answer's shape.</typeparam>
internal readonly record struct ApiAnswer<T>(T? Value, int ExitCode)
    where T : class
{
    public static ApiAnswer<T> Of(T value) => new(value, ExitCodes.Success);

    public static ApiAnswer<T> Failed(int exitCode) => new(null, exitCode);
}
